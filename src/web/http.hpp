// Protocol-level request and response values, free of Beast so handlers and tests stay light.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace cbe::web {

enum class Method { kGet, kHead, kPost, kOther };

struct Request {
    Method method = Method::kGet;
    std::string target;                                        // as sent: path and query
    std::string path;                                          // percent-decoded path
    std::multimap<std::string, std::string> query;             // decoded query parameters
    std::vector<std::pair<std::string, std::string>> headers;  // names in lowercase
    std::string body;
    std::string remote_address;  // the peer's IP address
    // The client's address when the peer is a trusted proxy that says so (X-Forwarded-For);
    // empty otherwise. Set by the server (client_behind_proxies).
    std::string forwarded_for;
    std::map<std::string, std::string> params;  // path parameters from the route pattern
    std::string route;  // the matched pattern ("/a/{token}"), for logs and metrics
    // The signed-in person's name, once a handler has looked the session up (empty: unknown or
    // nobody): the layout's header shows it with a sign-out button. Mutable because it is
    // learnt while handling, by code that otherwise only reads the request.
    mutable std::string viewer_name;
    // Set by the server: true once the client has closed its connection, so slow work queued for
    // it (password hashing) can be dropped. Empty in tests that call a Site directly.
    std::function<bool()> client_gone;

    std::string_view header(std::string_view lowercase_name) const;
    // First value of a query parameter, or empty.
    std::string query_value(const std::string& name) const;
    std::vector<std::string> query_values(const std::string& name) const;
    bool accepts_gzip() const;
    // The address to throttle and audit: the forwarded client behind a trusted proxy, else the
    // peer.
    const std::string& client_address() const {
        return forwarded_for.empty() ? remote_address : forwarded_for;
    }
};

// The client behind trusted proxies: walking X-Forwarded-For from the right, the first address
// that is not a trusted proxy (the peer itself must be one); empty when the peer is not trusted
// or the header says nothing usable. Never trusts the header from anyone else.
std::string client_behind_proxies(const std::string& peer, std::string_view forwarded_for,
                                  const std::vector<std::string>& trusted);

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    // The body is shared so cached pages and assets are sent without copying.
    std::shared_ptr<const std::string> body;
    bool gzipped = false;
    // Non-empty (with status 200): this response is a Server-Sent Events stream of that
    // notifier topic, opening with `event_version`; the server holds the connection and writes
    // an event on every publish (the body is ignored).
    std::string event_topic;
    long long event_version = 0;
    // Who holds the stream (a participant link, a facilitator's board of one session): one
    // holder keeps at most two streams, a newer one ending its oldest. Empty: no such budget.
    std::string event_holder;

    void set_body(std::string text) { body = std::make_shared<const std::string>(std::move(text)); }
    std::string_view body_view() const {
        return body ? std::string_view(*body) : std::string_view();
    }
};

// The one mapping from protocol-free error codes to HTTP statuses.
int status_for(ErrorCode code);

// The status line and header block of `response` (ending with the blank line), for HTTP/1.x.
// Adds Date, Content-Type, Content-Length (the body's length, also for HEAD), Content-Encoding
// and Connection. Header values must not contain CR or LF (asserted: they are ours).
std::string serialize_head(const Response& response, bool keep_alive, bool http10 = false);
const char* reason_phrase(int status);

// Builds a Request's path and query from a raw target; false when the target is malformed.
bool parse_target(std::string_view target, Request& request);

}  // namespace cbe::web
