#include "web/forms.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace cbe::web {

Result<Form> parse_form(const Request& request) {
    std::string_view type = request.header("content-type");
    if (!type.empty() && !text::starts_with_ci(type, "application/x-www-form-urlencoded")) {
        return fail(ErrorCode::kInvalidInput, "form.type-refused");
    }
    // A form body has the syntax of a query: parse it as one (Boost.URL decodes + as space).
    std::string as_query = "?" + request.body;
    auto parsed = boost::urls::parse_relative_ref(as_query);
    if (!parsed) return fail(ErrorCode::kInvalidInput, "form.unreadable");
    Form form;
    for (auto param : parsed->params()) {
        if (form.size() == kMaxFormFields) {
            return fail(ErrorCode::kInvalidInput, "form.too-many-fields");
        }
        std::string key(param.key), value(param.value);
        if (!text::is_valid_utf8(key) || !text::is_valid_utf8(value)) {
            return fail(ErrorCode::kInvalidInput, "form.not-text");
        }
        form.emplace(std::move(key), std::move(value));
    }
    return form;
}

std::string form_value(const Form& form, const std::string& name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
}

std::string cookie_name(std::string_view name, bool secure) {
    return secure ? "__Host-" + std::string(name) : std::string(name);
}

std::string cookie(const Request& request, std::string_view base_name, bool secure) {
    std::string name = cookie_name(base_name, secure);
    for (auto part : text::split(request.header("cookie"), ';')) {
        part = text::trim(part);
        auto eq = part.find('=');
        if (eq != std::string_view::npos && part.substr(0, eq) == name) {
            return std::string(part.substr(eq + 1));
        }
    }
    return {};
}

void set_cookie(Response& response, std::string_view name, std::string_view value,
                const CookieOptions& options) {
    std::string header =
        cookie_name(name, options.secure) + "=" + std::string(value) + "; Path=/; SameSite=Lax";
    if (options.max_age_seconds >= 0)
        header += "; Max-Age=" + std::to_string(options.max_age_seconds);
    if (options.http_only) header += "; HttpOnly";
    if (options.secure) header += "; Secure";
    response.headers.emplace_back("Set-Cookie", std::move(header));
}

std::string csrf_token(const Request& request, Response& response, bool secure) {
    std::string token = cookie(request, kCsrfCookie, secure);
    if (crypto::looks_like_token(token)) return token;
    token = crypto::new_token();
    set_cookie(response, kCsrfCookie, token, {-1, secure, true});
    return token;
}

namespace {
// "http://host:port" -> "host:port"
std::string_view origin_host(std::string_view origin) {
    auto scheme = origin.find("://");
    return scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
}
}  // namespace

bool csrf_valid(const Request& request, const Form& form, bool secure) {
    std::string_view origin = request.header("origin");
    if (origin == "null") return false;
    if (!origin.empty() && origin_host(origin) != request.header("host")) return false;
    std::string expected = cookie(request, kCsrfCookie, secure);
    return crypto::looks_like_token(expected) &&
           crypto::equal_constant_time(expected, form_value(form, std::string(kCsrfField)));
}

}  // namespace cbe::web
