#include "web/http.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cassert>
#include <chrono>
#include <ctime>

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

std::string client_behind_proxies(const std::string& peer, std::string_view forwarded_for,
                                  const std::vector<std::string>& trusted) {
    auto is_trusted = [&](std::string_view address) {
        return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
    };
    if (!is_trusted(peer) || forwarded_for.empty()) return "";
    auto hops = text::split(forwarded_for, ',');
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        std::string_view hop = text::trim(*it);
        if (hop.empty() || hop.size() > 45) return "";  // not an IP address: believe nothing
        if (hop.find_first_not_of("0123456789abcdefABCDEF.:") != std::string_view::npos) return "";
        if (!is_trusted(hop)) return std::string(hop);
    }
    return "";
}

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
        case ErrorCode::kRateLimited:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

const char* reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Unknown";
    }
}

namespace {

// The IMF-fixdate for now, formatted once per second per thread.
const std::string& http_date() {
    thread_local std::time_t cached_second = 0;
    thread_local std::string cached;
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    if (now != cached_second) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buffer[64];
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached = buffer;
        cached_second = now;
    }
    return cached;
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
    assert(value.find_first_of("\r\n") == std::string_view::npos);
    out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::string serialize_head(const Response& response, bool keep_alive, bool http10) {
    std::string out;
    out.reserve(1024);
    out.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ")
        .append(std::to_string(response.status))
        .append(" ")
        .append(reason_phrase(response.status))
        .append("\r\n");
    append_header(out, "Date", http_date());
    for (const auto& [name, value] : response.headers) append_header(out, name, value);
    if (response.status != 304 && response.status != 204) {  // RFC 9110 8.6: neither has one
        append_header(out, "Content-Type", response.content_type);
        append_header(out, "Content-Length", std::to_string(response.body_view().size()));
    }
    if (response.gzipped) append_header(out, "Content-Encoding", "gzip");
    if (!keep_alive) append_header(out, "Connection", "close");
    if (keep_alive && http10) append_header(out, "Connection", "keep-alive");
    out.append("\r\n");
    return out;
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
