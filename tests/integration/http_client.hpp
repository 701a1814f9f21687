// A tiny blocking HTTP client for integration tests (Boost.Beast), plus raw socket access.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cbe::testing {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers;  // lowercase names (the last of repeats)
    std::vector<std::string> set_cookies;        // every Set-Cookie value
    std::string body;
};

HttpResult http_request(uint16_t port, const std::string& method, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& body = "");
inline HttpResult http_get(uint16_t port, const std::string& target) {
    return http_request(port, "GET", target);
}
// Sends raw bytes and returns everything the server answers until it closes.
std::string raw_exchange(uint16_t port, const std::string& bytes);
// Several GETs over one kept-alive connection; returns their statuses.
std::vector<int> keep_alive_gets(uint16_t port, const std::vector<std::string>& targets);

}  // namespace cbe::testing
