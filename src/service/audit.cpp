#include "service/audit.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <utility>

#include "core/text.hpp"

namespace cbe::service {

namespace {

constexpr std::array<std::pair<AuditEvent, std::string_view>, 30> kNames{{
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
    {AuditEvent::kSessionParticipantRemoved, "session-participant-removed"},
    {AuditEvent::kLinkAccessChanged, "link-access-changed"},
    {AuditEvent::kPasswordResetRequested, "password-reset-requested"},
    {AuditEvent::kPasswordReset, "password-reset"},
    {AuditEvent::kOrganizationCreated, "organization-created"},
    {AuditEvent::kShareCreated, "share-created"},
    {AuditEvent::kShareRevoked, "share-revoked"},
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

std::vector<AuditEvent> every_audit_event() {
    std::vector<AuditEvent> all;
    all.reserve(kNames.size());
    for (const auto& [event, name] : kNames) all.push_back(event);
    return all;
}

std::string revoked_links_detail(const store::RevokedLinks& revoked) {
    if (revoked.invitations == 0 && revoked.share_links == 0) return {};
    return "revoked their " + std::to_string(revoked.invitations) + " invitation link(s) and " +
           std::to_string(revoked.share_links) + " share link(s)";
}

long long Auditor::repeat_of(const std::string& key,
                             std::chrono::system_clock::time_point now) const {
    std::lock_guard lock(mutex_);
    auto found = recent_.find(key);
    if (found != recent_.end() && now - found->second.since < kAuditRepeatWindow) {
        Recent& r = found->second;
        if (r.written >= kAuditRepeatsWritten && r.id != 0) return r.id;
        ++r.written;
        return 0;
    }
    if (recent_.size() >= kAuditRepeatsTracked) {
        std::erase_if(recent_, [&](const auto& entry) {
            return now - entry.second.since >= kAuditRepeatWindow;
        });
        if (recent_.size() >= kAuditRepeatsTracked) recent_.clear();
    }
    recent_[key] = Recent{now, 1, 0};
    return 0;
}

void Auditor::record(AuditEvent event, long long user_id, std::string_view detail,
                     std::string_view address, long long organization_id) const {
    auto now = clock_();
    store::AuditEntry entry{iso8601(now),
                            std::string(audit_event_name(event)),
                            user_id,
                            std::string(text::utf8_prefix(detail, kMaxAuditDetailChars)),
                            std::string(text::utf8_prefix(address, kMaxAuditAddressChars)),
                            organization_id};
    // The detail last: it is the one field a client may type, so it cannot shift the others.
    std::string key = entry.event + '\x1f' + std::to_string(user_id) + '\x1f' +
                      std::to_string(organization_id) + '\x1f' + entry.address + '\x1f' +
                      entry.detail;
    if (long long id = repeat_of(key, now); id != 0) {
        auto counted = accounts_->audit_repeat(id, entry.at);
        if (counted && *counted) return;
        if (!counted) {
            spdlog::error("audit log: a repeat of {} not counted: {}", entry.event,
                          counted.error().message);
            return;
        }
        // The entry was purged meanwhile: written anew below, and counted on from there.
    }
    auto written = accounts_->audit(entry);
    if (!written) {
        spdlog::error("audit log: {} not written: {}", entry.event, written.error().message);
        return;
    }
    std::lock_guard lock(mutex_);
    if (auto found = recent_.find(key); found != recent_.end()) found->second.id = *written;
}

}  // namespace cbe::service
