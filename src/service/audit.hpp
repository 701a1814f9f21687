// The audit log's vocabulary (one enum, one table of stored names) and the one writer every
// use case goes through. Fields are capped before they are stored and repeats are counted, not
// written again: what a client sends can never fill the disk through the log.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "store/account_repository.hpp"

namespace cbe::service {

// A new event needs its stored name in audit.cpp's table and its words in web/messages.cpp
// (Messages.EveryAuditEventHasWords reads this list to check both).
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
    kSessionParticipantRemoved,
    kLinkAccessChanged,
    kPasswordResetRequested,
    kPasswordReset,
    kOrganizationCreated,
    kShareCreated,
    kShareRevoked,
};

// The name stored in audit_log.event ("sign-in"); parse_audit_event reads it back.
std::string_view audit_event_name(AuditEvent event);
std::optional<AuditEvent> parse_audit_event(std::string_view name);
// Every event, in the enum's order: what a check that must cover each one goes through.
std::vector<AuditEvent> every_audit_event();

// "revoked their N invitation link(s) and M share link(s)", or empty when none were: the
// links that ended with a membership or an account are named in the entry
// (docs/security.md).
std::string revoked_links_detail(const store::RevokedLinks& revoked);

inline constexpr size_t kMaxAuditDetailChars = 200;
inline constexpr size_t kMaxAuditAddressChars = 64;
// Repeats (docs/security.md): the same entry — event, person, address, organization and
// detail — is written as it comes this many times within the window; past that, each repeat
// within the window is counted on the last one written. So repeating one action (downloading
// an export, making and revoking a link, signing in and out) cannot grow the log without bound,
// and the log still says how often it happened.
inline constexpr int kAuditRepeatsWritten = 5;
inline constexpr std::chrono::hours kAuditRepeatWindow{1};
// Entries remembered for counting repeats; past that the oldest windows are forgotten (at
// worst a repeat is written as a new entry).
inline constexpr size_t kAuditRepeatsTracked = 4096;

class Auditor {
  public:
    Auditor(std::shared_ptr<store::AccountRepository> accounts, Clock clock)
        : accounts_(std::move(accounts)), clock_(std::move(clock)) {}
    // Writes one entry, or counts it as a repeat (above); a failure to write is logged, never
    // shown to the person acting. `organization_id` (0: none) puts it in that organization's log
    // too.
    void record(AuditEvent event, long long user_id, std::string_view detail,
                std::string_view address, long long organization_id = 0) const;

  private:
    struct Recent {
        std::chrono::system_clock::time_point since;  // the window's first entry
        int written = 0;                              // entries written in the window
        long long id = 0;                             // the last one written
    };
    // The entry to count a repeat on (0: write a new one); notes the write it expects.
    long long repeat_of(const std::string& key, std::chrono::system_clock::time_point now) const;
    std::shared_ptr<store::AccountRepository> accounts_;
    Clock clock_;
    mutable std::mutex mutex_;
    mutable std::unordered_map<std::string, Recent> recent_;
};

}  // namespace cbe::service
