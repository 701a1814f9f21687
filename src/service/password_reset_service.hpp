// Resetting a forgotten password by email (docs/accounts.md, "Password reset"). Asking always
// gets the same answer, whether or not the address has an account, and does nearly the same
// work either way; the email goes out from the outbox's thread. A reset link works once, for
// an hour; only its hash is stored. Asking is limited per client address (429) and per email
// address (silently: nothing more is sent, the answer stays the same).
#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "service/audit.hpp"
#include "service/caller.hpp"
#include "service/mail_outbox.hpp"
#include "service/password_hasher.hpp"
#include "service/rate_limit.hpp"
#include "store/account_repository.hpp"
#include "store/password_reset_repository.hpp"

namespace cbe::service {

inline constexpr std::chrono::hours kPasswordResetLifetime{1};
inline constexpr std::chrono::hours kPasswordResetWindow{1};
// Requests within the window that cost nothing per client address (then each waits twice as
// long); and the links one email address is sent within the window (then nothing more is sent
// until it has passed).
inline constexpr int kFreeResetsPerAddress = 10;
inline constexpr int kResetsPerEmail = 3;

class PasswordResetService {
  public:
    struct Dependencies {
        std::shared_ptr<store::AccountRepository> accounts;
        std::shared_ptr<store::PasswordResetRepository> resets;
        std::shared_ptr<const PasswordHasher> hasher;
        std::shared_ptr<const Auditor> auditor;
        std::shared_ptr<const RateLimit> limits;
        std::shared_ptr<MailOutbox> outbox;  // null: email is not configured
        Clock clock = system_clock();
    };
    explicit PasswordResetService(Dependencies d) : d_(std::move(d)) {}

    // False when the site sends no email: the pages then say to ask an operator.
    bool available() const { return d_.outbox != nullptr; }
    // Emails a reset link when `email` belongs to an active account. The same success either
    // way; kInvalidInput for something that is not an email address, kRateLimited for an
    // address asking too often, kUnavailable "password-reset.off" without email.
    [[nodiscard]] Result<void> request(std::string_view email, const Caller& caller) const;
    // The reset behind `token` is open: kNotFound "password-reset.gone" otherwise.
    [[nodiscard]] Result<void> check(std::string_view token) const;
    // Sets the new password (the sign-up rules) and ends every session of the account; the
    // link is used up. kNotFound when it is not open, kInvalidInput for the password.
    [[nodiscard]] Result<void> reset(std::string_view token, std::string_view password,
                                     const Caller& caller) const;

  private:
    [[nodiscard]] Result<store::UserRecord> open_user(std::string_view token) const;
    Dependencies d_;
};

}  // namespace cbe::service
