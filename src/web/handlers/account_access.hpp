// Who is signed in: server-side sessions behind an HttpOnly cookie, with idle and absolute
// time-outs (docs/accounts.md). Internal to web/handlers.
#pragma once

#include <boost/json/array.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

inline constexpr const char* kSessionCookie = "cbe_session";
inline constexpr std::chrono::hours kSessionIdle{12};
inline constexpr std::chrono::hours kSessionAbsolute{24 * 7};

struct SignedIn {
    store::UserRecord user;
    std::string session_hash;
};

// The signed-in user, or nullopt (no cookie, unknown or expired session, disabled account).
// An expired session is deleted. Database failures read as "not signed in" and are logged.
std::optional<SignedIn> signed_in(const Site& site, const Request& request);
// Starts a new session for `user_id` (a fresh id: never one the browser sent before) and sets
// its cookie on `response`.
Result<void> start_session(const Site& site, long long user_id, Response& response);
void clear_session_cookie(const Site& site, Response& response);
// Sends someone who must be signed in to the sign-in page, to come back to this page afterwards
// (only for a GET: a form posted while signed out is not replayed).
Response sign_in_first(const Request& request);
// Where to go after signing in: `next` when it is a path on this site ("/…", not "//…" or
// "/\…", no control characters, at most 1,000 bytes), else "/account" — never another site.
std::string safe_next(std::string_view next);
inline constexpr std::chrono::hours kInvitationLifetime{24 * 7};
// The open invitation behind `token`: kNotFound when unknown, expired or already used.
Result<store::InvitationRecord> open_invitation(const Site& site, const std::string& token);
// Makes the user a member through the invitation behind `token`, and audits it: kNotFound when
// it is not open, kConflict when someone used it first.
Result<store::InvitationRecord> join_through_invitation(const Site& site, const Request& request,
                                                        const std::string& token,
                                                        long long user_id);

// The client's address, for throttling and the audit log.
std::string client_address(const Request& request);

// Writes a security event to the audit log, from this request's address; a failure to write is
// logged, not shown. `organization_id` (0: none) puts it in that organization's log.
void audit(const Site& site, const Request& request, const std::string& event, long long user_id,
           const std::string& detail, long long organization_id = 0);
// Rows for a table of audit events, each with at, what (in words), who, detail and address.
boost::json::array audit_rows(const std::vector<store::LoggedEvent>& events);

}  // namespace cbe::web::handlers
