// Routes for operators: GET /metrics (Prometheus text format). It tells an outsider how busy
// the site is and which routes fail, so it answers loopback clients only (the client behind a
// trusted proxy), or others that send the bearer token set with --metrics-token.
#include "core/crypto.hpp"
#include "web/handlers/routes.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

namespace {

bool is_loopback(const std::string& address) {
    return address.rfind("127.", 0) == 0 || address == "::1" ||
           address.rfind("::ffff:127.", 0) == 0;
}

bool has_token(const Request& request, const std::string& token) {
    constexpr std::string_view kBearer = "Bearer ";
    std::string_view header = request.header("authorization");
    if (token.empty() || header.substr(0, kBearer.size()) != kBearer) return false;
    return crypto::equal_constant_time(header.substr(kBearer.size()), token);
}

Response metrics(const Site& site, const Operations& operations, Request& request) {
    // The client's address, as everywhere else: behind a trusted proxy the client it names, not
    // the proxy (on loopback itself, it would open the metrics to anyone it forwards).
    if (!is_loopback(request.client_address()) && !has_token(request, operations.token)) {
        return site.error_page(403, "metrics.refused.title", "metrics.refused", request);
    }
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    response.set_body(
        operations.metrics.render(operations.gauges ? operations.gauges() : Metrics::Gauges{}));
    return response;
}

}  // namespace

void add_operations(Site& site, Router& router, Operations operations) {
    router.get("/metrics", [&site, operations = std::move(operations)](Request& r) {
        return metrics(site, operations, r);
    });
}

}  // namespace cbe::web::handlers
