// A tiny blocking HTTP client for integration tests (Boost.Beast), plus raw socket access.
#pragma once

#include <cstdint>
#include <map>
#include <regex>
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
// The status of a GET whose answer may never end (an event stream): reads the status line only,
// then closes. `cookie`: a Cookie header value, or empty.
int stream_status(uint16_t port, const std::string& target, const std::string& cookie);
// Several GETs over one kept-alive connection; returns their statuses.
std::vector<int> keep_alive_gets(uint16_t port, const std::vector<std::string>& targets);
// Returns once the server, running in this process, has read every byte sent so far on the
// connected socket `client_fd`: the peer acknowledged them all and its end holds nothing unread.
// Linux only (it finds the server's end among this process's descriptors). Tests wait on this
// instead of sleeping.
void wait_until_server_has_read(int client_fd);

// A browser in miniature: keeps cookies, reads the CSRF token from forms.
class Client {
  public:
    explicit Client(uint16_t port) : port_(port) {}
    HttpResult get(const std::string& target, bool json = false) {
        return send("GET", target, "", json);
    }
    HttpResult post(const std::string& target, const std::string& body, bool json = false) {
        return send("POST", target, body, json);
    }
    std::string csrf() const { return csrf_; }
    // Sent with every request from now on (e.g. a forged Host).
    void set_header(const std::string& name, const std::string& value) {
        extra_headers_.emplace_back(name, value);
    }
    void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
    // The Cookie header this client sends.
    std::string cookie_header() const {
        std::string jar;
        for (const auto& [k, v] : cookies_) jar.append(k).append("=").append(v).append("; ");
        return jar;
    }
    std::string cookie(const std::string& name) const {
        auto it = cookies_.find(name);
        return it == cookies_.end() ? "" : it->second;
    }

  private:
    HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                    bool json) {
        std::vector<std::pair<std::string, std::string>> headers = extra_headers_;
        std::string jar;
        for (const auto& [k, v] : cookies_) jar.append(k).append("=").append(v).append("; ");
        if (!jar.empty()) headers.emplace_back("Cookie", jar);
        if (method == "POST")
            headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        if (json) headers.emplace_back("Accept", "application/json");
        auto res = http_request(port_, method, target, headers, body);
        for (const auto& c : res.set_cookies) {
            auto eq = c.find('='), end = c.find(';');
            std::string name = c.substr(0, eq), value = c.substr(eq + 1, end - eq - 1);
            if (c.find("Max-Age=0") != std::string::npos)
                cookies_.erase(name);
            else
                cookies_[name] = value;
        }
        std::smatch m;
        if (std::regex_search(res.body, m, std::regex("name=\"csrf\" value=\"([^\"]+)\"")))
            csrf_ = m[1];
        return res;
    }
    uint16_t port_;
    std::map<std::string, std::string> cookies_;
    std::vector<std::pair<std::string, std::string>> extra_headers_;
    std::string csrf_;
};

}  // namespace cbe::testing
