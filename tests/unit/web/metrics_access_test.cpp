// GET /metrics answers loopback clients, and others only with the operator's bearer token.
#include "unit/web/site_fixture.hpp"

namespace cbe::web::testing {

namespace {

Response metrics_from(Site& site, const std::string& address, const std::string& authorization) {
    Request r;
    EXPECT_TRUE(parse_target("/metrics", r));
    r.remote_address = address;
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

TEST(MetricsAccess, WithNoTokenSetNoBearerOpensIt) {
    auto site = site_with_token("");
    EXPECT_EQ(metrics_from(*site, "203.0.113.9", "Bearer ").status, 403);
}

}  // namespace cbe::web::testing
