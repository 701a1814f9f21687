#include "service/account_service.hpp"

#include "accounts/rules.hpp"
#include "core/crypto.hpp"

namespace cbe::service {

namespace {

std::string email_key(std::string_view email) { return "email:" + std::string(email); }
std::string address_key(const Caller& caller) { return "ip:" + caller.address; }
std::string password_key(long long user_id) { return "password:" + std::to_string(user_id); }

}  // namespace

std::optional<SignedIn> AccountService::signed_in(std::string_view session_token) const {
    if (!crypto::looks_like_token(session_token)) return std::nullopt;
    std::string hash = crypto::token_hash(session_token);
    auto session = d_.accounts->session(hash);
    if (!session) return std::nullopt;
    auto now = d_.clock();
    auto created = parse_iso8601(session->created_at);
    auto seen = parse_iso8601(session->last_seen_at);
    if (!created || !seen || now - *seen > kSessionIdle || now - *created > kSessionAbsolute) {
        (void)d_.accounts->delete_session(hash);
        return std::nullopt;
    }
    auto user = d_.accounts->user(session->user_id);
    if (!user || user->disabled) return std::nullopt;
    // Touch at most once a minute: the idle time-out needs no finer grain than that.
    if (now - *seen > std::chrono::minutes(1)) (void)d_.accounts->touch_session(hash, iso8601(now));
    return SignedIn{std::move(*user), hash};
}

Result<Started> AccountService::start_session(long long user_id) const {
    std::string token = crypto::new_token();
    auto made =
        d_.accounts->create_session(crypto::token_hash(token), user_id, iso8601(d_.clock()));
    if (!made) return tl::unexpected(made.error());
    (void)d_.accounts->trim_sessions(user_id, kMaxSessionsPerAccount);
    return Started{user_id, std::move(token), 0};
}

bool AccountService::may_sign_up(std::string_view invitation) const {
    return d_.sign_up_open || (!invitation.empty() && open_invitation(invitation));
}

Result<Started> AccountService::sign_up(const SignUpInput& input, const Caller& caller) const {
    if (!may_sign_up(input.invitation))
        return fail(ErrorCode::kForbidden, "account.sign-up-closed");
    auto email = accounts::normalize_email(input.email);
    if (!email) return tl::unexpected(email.error());
    auto name = accounts::validate_name(input.name);
    if (!name) return tl::unexpected(name.error());
    if (auto ok = accounts::validate_password(input.password, *email); !ok) {
        return tl::unexpected(ok.error());
    }
    // Counted before the costly hash: one address cannot make the server hash without end.
    if (auto ok = d_.limits->attempt("sign-up:" + caller.address, d_.free_sign_ups, kSignUpWindow);
        !ok) {
        return tl::unexpected(ok.error());
    }
    auto hash = d_.hasher->hash(input.password, caller.gone);
    if (!hash) return tl::unexpected(hash.error());
    const std::string now = iso8601(d_.clock());
    long long user_id = 0, joined = 0;
    if (!input.invitation.empty() && crypto::looks_like_token(input.invitation)) {
        // The account and the invitation's use are one transaction: one link, one account.
        auto made = d_.organizations->create_user_through_invitation(
            crypto::token_hash(input.invitation), *email, *name, *hash, now);
        if (!made && made.error().code == ErrorCode::kConflict && !d_.sign_up_open) {
            return fail(ErrorCode::kConflict, "account.sign-up-refused");
        }
        if (made) {
            user_id = made->user_id;
            joined = made->organization_id;
            d_.auditor->record(AuditEvent::kMembershipAdded, user_id,
                               "as " + std::string(access::role_name(made->role)), caller.address,
                               joined);
        } else if (made.error().code != ErrorCode::kConflict &&
                   made.error().code != ErrorCode::kNotFound) {
            return tl::unexpected(made.error());
        }
    }
    if (user_id == 0) {
        auto user = d_.accounts->create_user(*email, *name, *hash, now);
        if (!user && user.error().code == ErrorCode::kConflict) {
            // Do not confirm that the address has an account.
            return fail(ErrorCode::kConflict, "account.sign-up-refused");
        }
        if (!user) return tl::unexpected(user.error());
        user_id = user->id;
    }
    auto started = start_session(user_id);
    if (!started) return started;
    started->joined_organization = joined;
    d_.auditor->record(AuditEvent::kSignUp, user_id, "", caller.address);
    return started;
}

Result<Started> AccountService::sign_in(std::string_view email_in, std::string_view password,
                                        std::string_view previous_session,
                                        const Caller& caller) const {
    std::string email = accounts::normalize_email(email_in).value_or("");
    if (email.empty()) {
        return fail(ErrorCode::kInvalidInput, "account.bad-credentials");  // nothing to check
    }
    const std::string account = email_key(email), address = address_key(caller);
    // The address that failed is slowed down first (OWASP ASVS 2.2.1): another address with no
    // recent failures may still sign in to the account with the right password.
    if (auto ok = d_.limits->may_try(address); !ok) return tl::unexpected(ok.error());
    auto account_wait = d_.limits->wait(account);
    bool address_failed_before = d_.accounts->failures(address).value_or(std::nullopt).has_value();
    if (account_wait.count() > 0 && address_failed_before) {
        return tl::unexpected(rate_limited(account_wait));
    }
    auto user = d_.accounts->find_user(email);
    if (!user && user.error().code != ErrorCode::kNotFound) return tl::unexpected(user.error());
    // Verify against a stand-in hash when there is no such account, so timing does not tell.
    auto ok = user ? d_.hasher->verify(user->password_hash, password, caller.gone)
                   : d_.hasher->verify_stand_in(password, caller.gone);
    if (!ok) return tl::unexpected(ok.error());
    if (!user || !*ok || user->disabled) {
        d_.limits->fail(address);
        int in_a_row = d_.limits->fail(account);
        d_.auditor->record(AuditEvent::kSignInFailed, user ? user->id : 0, email, caller.address);
        // One throttling event per episode: when the failures first start to cost a wait.
        if (accounts::throttle_delay(in_a_row).count() > 0 &&
            accounts::throttle_delay(in_a_row - 1).count() == 0) {
            d_.auditor->record(AuditEvent::kSignInThrottled, user ? user->id : 0, email,
                               caller.address);
        }
        return fail(ErrorCode::kInvalidInput, "account.bad-credentials");
    }
    d_.limits->clear(account);
    d_.limits->clear(address);
    // A new session id at sign-in; any session the browser had before is ended (fixation).
    if (crypto::looks_like_token(previous_session)) {
        (void)d_.accounts->delete_session(crypto::token_hash(previous_session));
    }
    auto started = start_session(user->id);
    if (!started) return started;
    d_.auditor->record(AuditEvent::kSignIn, user->id, "", caller.address);
    return started;
}

void AccountService::sign_out(const SignedIn& who, const Caller& caller) const {
    (void)d_.accounts->delete_session(who.session_hash);
    d_.auditor->record(AuditEvent::kSignOut, who.user.id, "", caller.address);
}

Result<Started> AccountService::change_password(const SignedIn& who, std::string_view current,
                                                std::string_view next, const Caller& caller) const {
    const std::string key = password_key(who.user.id);
    if (auto ok = d_.limits->may_try(key); !ok) return tl::unexpected(ok.error());
    auto ok = d_.hasher->verify(who.user.password_hash, current, caller.gone);
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) {
        d_.limits->fail(key);
        d_.auditor->record(AuditEvent::kPasswordChangeFailed, who.user.id, "", caller.address);
        return fail(ErrorCode::kInvalidInput, "account.current-password-wrong");
    }
    d_.limits->clear(key);
    if (auto valid = accounts::validate_password(next, who.user.email); !valid) {
        return tl::unexpected(valid.error());
    }
    auto hash = d_.hasher->hash(next, caller.gone);
    if (!hash) return tl::unexpected(hash.error());
    if (auto set = d_.accounts->set_password(who.user.id, *hash); !set) {
        return tl::unexpected(set.error());
    }
    // Every other session ends; this browser gets a new one.
    (void)d_.accounts->delete_sessions_of(who.user.id);
    auto started = start_session(who.user.id);
    if (!started) return started;
    d_.auditor->record(AuditEvent::kPasswordChanged, who.user.id, "", caller.address);
    return started;
}

Result<AccountOverview> AccountService::overview(const SignedIn& who) const {
    AccountOverview out;
    out.events = d_.accounts->audit_entries(who.user.id, 10).value_or(out.events);
    auto memberships = d_.organizations->memberships_of(who.user.id);
    if (!memberships) return tl::unexpected(memberships.error());
    out.memberships = std::move(*memberships);
    return out;
}

Result<store::InvitationRecord> AccountService::open_invitation(std::string_view token) const {
    if (!crypto::looks_like_token(token)) return fail(ErrorCode::kNotFound, "invitation.gone");
    auto invitation = d_.organizations->invitation(crypto::token_hash(token));
    if (!invitation) return invitation;
    auto expires = parse_iso8601(invitation->expires_at);
    if (invitation->accepted || !expires || *expires < d_.clock()) {
        return fail(ErrorCode::kNotFound, "invitation.gone");
    }
    return invitation;
}

Result<store::InvitationRecord> AccountService::join(std::string_view token, long long user_id,
                                                     const Caller& caller) const {
    auto invitation = open_invitation(token);
    if (!invitation) return invitation;
    auto accepted = d_.organizations->accept_invitation(crypto::token_hash(token), user_id,
                                                        iso8601(d_.clock()));
    if (!accepted) return tl::unexpected(accepted.error());
    d_.auditor->record(AuditEvent::kMembershipAdded, user_id,
                       "as " + std::string(access::role_name(invitation->role)), caller.address,
                       invitation->organization_id);
    return invitation;
}

}  // namespace cbe::service
