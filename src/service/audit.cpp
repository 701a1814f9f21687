#include "service/audit.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <utility>

#include "core/text.hpp"

namespace cbe::service {

namespace {

constexpr std::array<std::pair<AuditEvent, std::string_view>, 27> kNames{{
    {AuditEvent::kSignUp, "sign-up"},
    {AuditEvent::kSignIn, "sign-in"},
    {AuditEvent::kSignInFailed, "sign-in-failed"},
    {AuditEvent::kSignInThrottled, "sign-in-throttled"},
    {AuditEvent::kSignOut, "sign-out"},
    {AuditEvent::kPasswordChanged, "password-changed"},
    {AuditEvent::kPasswordChangeFailed, "password-change-failed"},
    {AuditEvent::kPasswordSet, "password-set"},
    {AuditEvent::kUserAdded, "user-added"},
    {AuditEvent::kUserDisabled, "user-disabled"},
    {AuditEvent::kInvitationCreated, "invitation-created"},
    {AuditEvent::kInvitationRevoked, "invitation-revoked"},
    {AuditEvent::kMembershipAdded, "membership-added"},
    {AuditEvent::kMembershipSet, "membership-set"},
    {AuditEvent::kRoleChanged, "role-changed"},
    {AuditEvent::kMemberRemoved, "member-removed"},
    {AuditEvent::kAssessmentMoved, "assessment-moved"},
    {AuditEvent::kAssessmentMovedOut, "assessment-moved-out"},
    {AuditEvent::kAssessmentDeleted, "assessment-deleted"},
    {AuditEvent::kExport, "export"},
    {AuditEvent::kSessionOpened, "session-opened"},
    {AuditEvent::kSessionClosed, "session-closed"},
    {AuditEvent::kSessionDeleted, "session-deleted"},
    {AuditEvent::kLinkAccessChanged, "link-access-changed"},
    {AuditEvent::kPasswordResetRequested, "password-reset-requested"},
    {AuditEvent::kPasswordReset, "password-reset"},
    {AuditEvent::kOrganizationCreated, "organization-created"},
}};

}  // namespace

std::string_view audit_event_name(AuditEvent event) {
    for (const auto& [e, name] : kNames) {
        if (e == event) return name;
    }
    return "unknown";
}

std::optional<AuditEvent> parse_audit_event(std::string_view name) {
    for (const auto& [e, n] : kNames) {
        if (n == name) return e;
    }
    return std::nullopt;
}

void Auditor::record(AuditEvent event, long long user_id, std::string_view detail,
                     std::string_view address, long long organization_id) const {
    store::AuditEntry entry{iso8601(clock_()),
                            std::string(audit_event_name(event)),
                            user_id,
                            std::string(text::utf8_prefix(detail, kMaxAuditDetailChars)),
                            std::string(text::utf8_prefix(address, kMaxAuditAddressChars)),
                            organization_id};
    if (auto written = accounts_->audit(entry); !written) {
        spdlog::error("audit log: {} not written: {}", entry.event, written.error().message);
    }
}

}  // namespace cbe::service
