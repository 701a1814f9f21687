#include "web/handlers/account_access.hpp"

#include "core/crypto.hpp"
#include "web/forms.hpp"

namespace cbe::web::handlers {

std::optional<SignedIn> signed_in(const Site& site, const Request& request) {
    std::string token = cookie(request, kSessionCookie);
    if (!crypto::looks_like_token(token)) return std::nullopt;
    std::string hash = crypto::token_hash(token);
    auto& accounts = site.accounts();
    auto session = accounts.session(hash);
    if (!session) return std::nullopt;
    auto now = site.clock()();
    auto created = parse_iso8601(session->created_at);
    auto seen = parse_iso8601(session->last_seen_at);
    if (!created || !seen || now - *seen > kSessionIdle || now - *created > kSessionAbsolute) {
        (void)accounts.delete_session(hash);
        return std::nullopt;
    }
    auto user = accounts.user(session->user_id);
    if (!user || user->disabled) return std::nullopt;
    // Touch at most once a minute: the idle time-out needs no finer grain than that.
    if (now - *seen > std::chrono::minutes(1)) (void)accounts.touch_session(hash, iso8601(now));
    return SignedIn{std::move(*user), hash};
}

Result<void> start_session(const Site& site, long long user_id, Response& response) {
    std::string token = crypto::new_token();
    auto made = site.accounts().create_session(crypto::token_hash(token), user_id, site.now());
    if (!made) return made;
    int max_age = static_cast<int>(std::chrono::seconds(kSessionAbsolute).count());
    set_cookie(response, kSessionCookie, token, {max_age, site.secure_cookies(), true});
    return {};
}

void clear_session_cookie(const Site& site, Response& response) {
    set_cookie(response, kSessionCookie, "", {0, site.secure_cookies(), true});
}

std::string client_address(const Request& request) { return request.remote_address; }

Result<store::InvitationRecord> open_invitation(const Site& site, const std::string& token) {
    if (!crypto::looks_like_token(token)) return fail(ErrorCode::kNotFound, "no such invitation");
    store::OrganizationRepository orgs(site.database());
    auto invitation = orgs.invitation(crypto::token_hash(token));
    if (!invitation) return invitation;
    auto expires = parse_iso8601(invitation->expires_at);
    if (invitation->accepted || !expires || *expires < site.clock()()) {
        return fail(ErrorCode::kNotFound, "invitation expired or used");
    }
    return invitation;
}

}  // namespace cbe::web::handlers
