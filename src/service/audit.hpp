// The audit log's vocabulary (one enum, one table of stored names) and the one writer every
// use case goes through. Fields are capped before they are stored: what a client sends can
// never fill the disk through the log.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "store/account_repository.hpp"

namespace cbe::service {

enum class AuditEvent {
    kSignUp,
    kSignIn,
    kSignInFailed,
    kSignInThrottled,
    kSignOut,
    kPasswordChanged,
    kPasswordChangeFailed,
    kPasswordSet,
    kUserAdded,
    kUserDisabled,
    kInvitationCreated,
    kInvitationRevoked,
    kMembershipAdded,
    kMembershipSet,
    kRoleChanged,
    kMemberRemoved,
    kAssessmentMoved,
    kAssessmentMovedOut,
    kAssessmentDeleted,
    kExport,
    kSessionOpened,
    kSessionClosed,
    kSessionDeleted,
    kLinkAccessChanged,
    kPasswordResetRequested,
    kPasswordReset,
    kOrganizationCreated,
};

// The name stored in audit_log.event ("sign-in"); parse_audit_event reads it back.
std::string_view audit_event_name(AuditEvent event);
std::optional<AuditEvent> parse_audit_event(std::string_view name);

inline constexpr size_t kMaxAuditDetailChars = 200;
inline constexpr size_t kMaxAuditAddressChars = 64;

class Auditor {
  public:
    Auditor(std::shared_ptr<store::AccountRepository> accounts, Clock clock)
        : accounts_(std::move(accounts)), clock_(std::move(clock)) {}
    // Writes one entry; a failure to write is logged, never shown to the person acting.
    // `organization_id` (0: none) puts it in that organization's log too.
    void record(AuditEvent event, long long user_id, std::string_view detail,
                std::string_view address, long long organization_id = 0) const;

  private:
    std::shared_ptr<store::AccountRepository> accounts_;
    Clock clock_;
};

}  // namespace cbe::service
