#include "web/handlers/account_access.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <map>
#include <string_view>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "web/forms.hpp"
#include "web/handlers/assessment_access.hpp"

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

Response sign_in_first(const Request& request) {
    if (request.method != Method::kGet) return redirect("/sign-in");
    auto encoded = boost::urls::encode(request.target, boost::urls::unreserved_chars + '/');
    return redirect("/sign-in?next=" + encoded);
}

std::string safe_next(std::string_view next) {
    bool local = next.size() > 1 && next.size() <= 1000 && next[0] == '/' && next[1] != '/' &&
                 next[1] != '\\' && text::is_valid_utf8(next) &&
                 std::none_of(next.begin(), next.end(), [](char c) {
                     return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                 });
    return local ? std::string(next) : "/account";
}

std::string client_address(const Request& request) { return request.remote_address; }

void audit(const Site& site, const Request& request, const std::string& event, long long user_id,
           const std::string& detail, long long organization_id) {
    auto written = site.accounts().audit(
        {site.now(), event, user_id, detail, client_address(request), organization_id});
    if (!written) spdlog::error("audit log: {} not written: {}", event, written.error().message);
}

namespace {
// What each event code means, in words for the tables owners and users read.
std::string_view event_in_words(std::string_view event) {
    static const std::map<std::string_view, std::string_view> kWords{
        {"sign-up", "Created an account"},
        {"sign-in", "Signed in"},
        {"sign-in-failed", "Failed to sign in"},
        {"sign-in-throttled", "Sign-in slowed down after failures"},
        {"sign-out", "Signed out"},
        {"password-changed", "Changed their password"},
        {"password-change-failed", "Failed to change their password"},
        {"password-set", "Password set by an operator"},
        {"user-added", "Account made by an operator"},
        {"user-disabled", "Account disabled by an operator"},
        {"invitation-created", "Made an invitation link"},
        {"invitation-revoked", "Revoked an invitation link"},
        {"membership-added", "Joined through an invitation"},
        {"membership-set", "Membership set by an operator"},
        {"role-changed", "Changed a member's role"},
        {"member-removed", "Removed a member"},
        {"assessment-moved", "Moved an assessment in"},
        {"assessment-deleted", "Deleted an assessment"},
        {"export", "Downloaded results"},
    };
    auto it = kWords.find(event);
    return it == kWords.end() ? event : it->second;
}
}  // namespace

boost::json::array audit_rows(const std::vector<store::LoggedEvent>& events) {
    boost::json::array rows;
    for (const auto& e : events) {
        rows.push_back(boost::json::object{{"at", e.entry.at},
                                           {"what", event_in_words(e.entry.event)},
                                           {"who", e.actor.empty() ? "—" : e.actor},
                                           {"detail", e.entry.detail},
                                           {"address", e.entry.address}});
    }
    return rows;
}

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

Result<store::InvitationRecord> join_through_invitation(const Site& site, const Request& request,
                                                        const std::string& token,
                                                        long long user_id) {
    auto invitation = open_invitation(site, token);
    if (!invitation) return invitation;
    store::OrganizationRepository orgs(site.database());
    auto accepted = orgs.accept_invitation(crypto::token_hash(token), user_id, site.now());
    if (!accepted) return tl::unexpected(accepted.error());
    audit(site, request, "membership-added", user_id,
          "as " + std::string(access::role_name(invitation->role)), invitation->organization_id);
    return invitation;
}

}  // namespace cbe::web::handlers
