// GET /metrics answers loopback clients, and others only with the operator's bearer token.
#include "unit/web/site_fixture.hpp"

namespace cbe::web::testing {

namespace {

Response metrics_from(Site& site, const std::string& address, const std::string& authorization,
                      const std::string& forwarded_for = "") {
    Request r;
    EXPECT_TRUE(parse_target("/metrics", r));
    r.remote_address = address;
    r.forwarded_for = forwarded_for;  // as the server sets it behind a trusted proxy
    if (!authorization.empty()) r.headers.emplace_back("authorization", authorization);
    return site.handle(r);
}

std::shared_ptr<Site> site_with_token(const std::string& token) {
    ServeConfig config = test_config();
    config.metrics_token = token;
    return make_site(config);
}

}  // namespace

TEST(MetricsAccess, LoopbackClientsReadMetricsWithoutAToken) {
    auto site = site_with_token("");
    for (const char* address : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"}) {
        Response r = metrics_from(*site, address, "");
        EXPECT_EQ(r.status, 200) << address;
        EXPECT_NE(r.body_view().find("roadmap_http_requests_total"), std::string::npos);
    }
}

TEST(MetricsAccess, OtherClientsAreRefusedWithoutTheToken) {
    auto site = site_with_token("s3cret-token");
    EXPECT_EQ(metrics_from(*site, "203.0.113.9", "").status, 403);
    EXPECT_EQ(metrics_from(*site, "203.0.113.9", "Bearer wrong-token!").status, 403);
    EXPECT_EQ(metrics_from(*site, "203.0.113.9", "s3cret-token").status, 403);  // no scheme
    EXPECT_EQ(metrics_from(*site, "10.0.0.1", "Bearer s3cret-token").status, 200);
    Response refused = metrics_from(*site, "203.0.113.9", "");
    EXPECT_EQ(refused.body_view().find("roadmap_http_requests_total"), std::string::npos);
}

// Issue 20, item 5: behind a trusted proxy on loopback, the client it names decides, as
// everywhere else; the proxy's own address opens nothing for the clients it forwards.
TEST(MetricsAccess, BehindATrustedProxyTheForwardedClientDecides) {
    auto site = site_with_token("s3cret-token");
    EXPECT_EQ(metrics_from(*site, "127.0.0.1", "", "203.0.113.9").status, 403);
    EXPECT_EQ(metrics_from(*site, "::1", "", "2001:db8::9").status, 403);
    EXPECT_EQ(metrics_from(*site, "127.0.0.1", "Bearer s3cret-token", "203.0.113.9").status, 200);
    // A scrape through the proxy from the machine itself.
    EXPECT_EQ(metrics_from(*site, "127.0.0.1", "", "127.0.0.1").status, 200);
}

TEST(MetricsAccess, WithNoTokenSetNoBearerOpensIt) {
    auto site = site_with_token("");
    EXPECT_EQ(metrics_from(*site, "203.0.113.9", "Bearer ").status, 403);
}

}  // namespace cbe::web::testing
