// Accounts as use cases: who is signed in (session lifetimes), signing up (open, or through an
// invitation), signing in (throttled by address and account, generic errors, a new session id),
// signing out, changing a password and the account page (expired sessions are deleted by
// service/housekeeping.hpp). Rules in docs/accounts.md and docs/security.md.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "service/audit.hpp"
#include "service/caller.hpp"
#include "service/password_hasher.hpp"
#include "service/rate_limit.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::service {

inline constexpr std::chrono::hours kSessionIdle{12};
inline constexpr std::chrono::hours kSessionAbsolute{24 * 7};
inline constexpr std::chrono::hours kInvitationLifetime{24 * 7};
inline constexpr int kMaxSessionsPerAccount = 10;  // the oldest ends when an 11th starts
// Sign-ups and new assessments per address: this many within the window cost nothing.
inline constexpr int kFreeSignUps = 20;
inline constexpr std::chrono::hours kSignUpWindow{1};

struct SignedIn {
    store::UserRecord user;
    std::string session_hash;
};

struct SignUpInput {
    std::string email;
    std::string name;
    std::string password;
    std::string invitation;  // a token, or empty
};

// A new session: `token` goes into the session cookie.
struct Started {
    long long user_id = 0;
    std::string token;
    long long joined_organization = 0;  // signed up through an invitation to it
};

struct AccountOverview {
    std::vector<store::LoggedEvent> events;
    std::vector<store::MembershipRecord> memberships;
};

class AccountService {
  public:
    struct Dependencies {
        std::shared_ptr<store::AccountRepository> accounts;
        std::shared_ptr<store::OrganizationRepository> organizations;
        std::shared_ptr<const PasswordHasher> hasher;
        std::shared_ptr<const Auditor> auditor;
        std::shared_ptr<const RateLimit> limits;
        Clock clock = system_clock();
        bool sign_up_open = true;
        int free_sign_ups = kFreeSignUps;
    };
    explicit AccountService(Dependencies d) : d_(std::move(d)) {}

    // The signed-in user behind a session cookie's value, or nullopt (no such session, expired
    // — then deleted —, or a disabled account). A database failure reads as signed out.
    std::optional<SignedIn> signed_in(std::string_view session_token) const;

    // Sign-up is open, or allowed through an open invitation.
    bool may_sign_up(std::string_view invitation) const;
    // kForbidden (sign-up closed), kInvalidInput (a field; message key names it), kConflict
    // (the email has an account, said without confirming it), kRateLimited, kUnavailable.
    [[nodiscard]] Result<Started> sign_up(const SignUpInput& input, const Caller& caller) const;
    // kInvalidInput "account.bad-credentials" for any wrong email or password; kRateLimited
    // with the wait when the address (or the account, for an address that failed before) must
    // wait. `previous_session`: the cookie the browser had, ended (fixation).
    [[nodiscard]] Result<Started> sign_in(std::string_view email, std::string_view password,
                                          std::string_view previous_session,
                                          const Caller& caller) const;
    void sign_out(const SignedIn& who, const Caller& caller) const;
    // Every other session ends; returns this browser's new one.
    [[nodiscard]] Result<Started> change_password(const SignedIn& who, std::string_view current,
                                                  std::string_view next,
                                                  const Caller& caller) const;
    [[nodiscard]] Result<AccountOverview> overview(const SignedIn& who) const;

    // The open invitation behind `token`: kNotFound when unknown, expired or used.
    [[nodiscard]] Result<store::InvitationRecord> open_invitation(std::string_view token) const;
    // Joins the invitation's organization with its role: kNotFound when not open, kConflict
    // when someone used it first.
    [[nodiscard]] Result<store::InvitationRecord> join(std::string_view token, long long user_id,
                                                       const Caller& caller) const;

  private:
    [[nodiscard]] Result<Started> start_session(long long user_id) const;
    Dependencies d_;
};

}  // namespace cbe::service
