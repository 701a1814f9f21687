#include "service/password_reset_service.hpp"

#include "accounts/rules.hpp"
#include "core/crypto.hpp"

namespace cbe::service {

namespace {
Error gone() { return Error{ErrorCode::kNotFound, "password-reset.gone"}; }
}  // namespace

Result<void> PasswordResetService::request(std::string_view email_in, const Caller& caller) const {
    if (!available()) return fail(ErrorCode::kUnavailable, "password-reset.off");
    auto email = accounts::normalize_email(email_in);
    if (!email) return tl::unexpected(email.error());
    if (auto ok = d_.limits->attempt("reset-ip:" + caller.address, kFreeResetsPerAddress,
                                     kPasswordResetWindow);
        !ok) {
        return ok;
    }
    // Keyed by the address typed, whether or not it has an account: an inbox is not flooded,
    // and the limit tells nothing about which addresses exist.
    // A hard cap (not a slowing down): the inbox gets at most kResetsPerEmail links an hour,
    // however the requests are spread out or bunched together.
    auto within = d_.limits->within("reset-email:" + *email, kResetsPerEmail, kPasswordResetWindow);
    if (!within) return tl::unexpected(within.error());
    bool quiet = within->count() > 0;
    auto user = d_.accounts->find_user(*email);
    if (!user && user.error().code != ErrorCode::kNotFound) return tl::unexpected(user.error());
    // The token is made either way, so both answers cost about the same.
    std::string token = crypto::new_token();
    std::string hash = crypto::token_hash(token);
    if (!user || user->disabled || quiet) {
        const char* why = !user            ? "no such account"
                          : user->disabled ? "account disabled, not sent"
                                           : "limit reached, not sent";
        d_.auditor->record(AuditEvent::kPasswordResetRequested, user ? user->id : 0, why,
                           caller.address);
        return {};
    }
    auto now = d_.clock();
    if (auto made =
            d_.resets->create(hash, user->id, iso8601(now), iso8601(now + kPasswordResetLifetime));
        !made) {
        return made;
    }
    d_.outbox->post(Mail{MailKind::kPasswordReset, user->email, "/password-reset/" + token, "", "",
                         kPasswordResetLifetime.count()});
    d_.auditor->record(AuditEvent::kPasswordResetRequested, user->id, "", caller.address);
    return {};
}

Result<store::UserRecord> PasswordResetService::open_user(std::string_view token) const {
    if (!crypto::looks_like_token(token)) return tl::unexpected(gone());
    auto user_id = d_.resets->open_reset(crypto::token_hash(token), iso8601(d_.clock()));
    if (!user_id) return tl::unexpected(user_id.error());
    auto user = d_.accounts->user(*user_id);
    if (!user && user.error().code == ErrorCode::kNotFound) return tl::unexpected(gone());
    if (!user) return user;
    if (user->disabled) return tl::unexpected(gone());
    return user;
}

Result<void> PasswordResetService::check(std::string_view token) const {
    auto user = open_user(token);
    if (!user) return tl::unexpected(user.error());
    return {};
}

Result<void> PasswordResetService::reset(std::string_view token, std::string_view password,
                                         const Caller& caller) const {
    auto user = open_user(token);
    if (!user) return tl::unexpected(user.error());
    if (auto valid = accounts::validate_password(password, user->email); !valid) return valid;
    auto hash = d_.hasher->hash(password, caller.gone);
    if (!hash) return tl::unexpected(hash.error());
    // Uses the link, sets the password and ends every session in one transaction.
    auto used = d_.resets->use(crypto::token_hash(token), *hash, iso8601(d_.clock()));
    if (!used) return tl::unexpected(used.error());
    // Sign-in failures of the account are forgiven: its owner just proved they hold the inbox.
    // ("email:" is the account key of AccountService's sign-in throttle.)
    d_.limits->clear("email:" + user->email);
    d_.auditor->record(AuditEvent::kPasswordReset, user->id, "", caller.address);
    return {};
}

}  // namespace cbe::service
