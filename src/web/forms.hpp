// Request helpers: urlencoded form bodies, cookies, Set-Cookie, and CSRF (double submit).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "web/http.hpp"

namespace cbe::web {

using Form = std::multimap<std::string, std::string>;

inline constexpr size_t kMaxFormFields = 100;

// Parses an application/x-www-form-urlencoded body (Boost.URL); kInvalidInput when malformed,
// not UTF-8, or over kMaxFormFields.
[[nodiscard]] Result<Form> parse_form(const Request& request);
std::string form_value(const Form& form, const std::string& name);

// The name a cookie goes by. With `secure`, it carries the __Host- prefix: browsers then keep it
// only when it was set over HTTPS, for this exact host (no Domain) and path /, so a neighbour on
// a sibling subdomain or a man in the middle on plain HTTP cannot plant one (RFC 6265bis 4.1.3.2).
std::string cookie_name(std::string_view name, bool secure);

// The value of cookie `name` (as named by cookie_name) in the Cookie header, or empty. A cookie
// without the prefix is ignored when `secure`.
std::string cookie(const Request& request, std::string_view name, bool secure);

struct CookieOptions {
    int max_age_seconds = -1;  // -1: a session cookie; 0: delete
    bool secure = false;
    bool http_only = true;
};
void set_cookie(Response& response, std::string_view name, std::string_view value,
                const CookieOptions& options);

// CSRF protection for forms people can post without an account: a random token in a cookie,
// repeated in a hidden form field; a post is accepted only when the two match (and, when the
// browser sends Origin, it is this site).
inline constexpr std::string_view kCsrfCookie = "cbe_csrf";
inline constexpr std::string_view kCsrfField = "csrf";
// The request's token, or a new one, which is then set as a cookie on `response`.
std::string csrf_token(const Request& request, Response& response, bool secure);
// `Origin: null` (a sandboxed frame, a data: URL, some redirects) counts as another site.
bool csrf_valid(const Request& request, const Form& form, bool secure);

}  // namespace cbe::web
