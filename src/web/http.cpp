#include "web/http.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/text.hpp"

namespace cbe::web {

std::string_view Request::header(std::string_view lowercase_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lowercase_name) return value;
    }
    return {};
}

std::string Request::query_value(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
}

std::vector<std::string> Request::query_values(const std::string& name) const {
    std::vector<std::string> values;
    auto [first, last] = query.equal_range(name);
    for (auto it = first; it != last; ++it) values.push_back(it->second);
    return values;
}

bool Request::accepts_gzip() const { return text::contains_ci(header("accept-encoding"), "gzip"); }

int status_for(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput:
            return 400;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kUnauthorized:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

bool parse_target(std::string_view target, Request& request) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return false;
    request.target = std::string(target);
    request.path = parsed->path();
    if (!text::is_valid_utf8(request.path)) return false;
    request.query.clear();
    for (auto param : parsed->params()) {
        std::string key(param.key), value(param.value);
        if (!text::is_valid_utf8(key) || !text::is_valid_utf8(value)) return false;
        request.query.emplace(std::move(key), std::move(value));
    }
    return true;
}

}  // namespace cbe::web
