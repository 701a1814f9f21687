// Shared by the handlers that need to know who is signed in: the session cookie, sending people
// to sign in, the caller's address, and audit tables. Internal to web/handlers.
#pragma once

#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/account_service.hpp"
#include "service/caller.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

inline constexpr const char* kSessionCookie = "cbe_session";

// The signed-in user behind the request's session cookie, or nullopt. Notes their name on the
// request, so a page rendered for it shows who is signed in (render_private).
std::optional<service::SignedIn> signed_in(const Site& site,
                                           const service::AccountService& accounts,
                                           const Request& request);
// Sets the session cookie for a session the account service started.
void set_session_cookie(const Site& site, Response& response, const std::string& token);
void clear_session_cookie(const Site& site, Response& response);
// Sends someone who must be signed in to the sign-in page, to come back to this page afterwards
// (only for a GET: a form posted while signed out is not replayed).
Response sign_in_first(const Request& request);
// Where to go after signing in: `next` when it is a path on this site ("/…", not "//…" or
// "/\…", no control characters, at most 1,000 bytes), else "/account" — never another site.
std::string safe_next(std::string_view next);

// What the use cases need to know of the request: the client's address.
service::Caller caller_of(const Request& request);

// Rows for a table of audit events, each with at, what (in words), who, detail and address.
boost::json::array audit_rows(const std::vector<store::LoggedEvent>& events);

}  // namespace cbe::web::handlers
