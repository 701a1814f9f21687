#include "web/http.hpp"

#include <gtest/gtest.h>

namespace cbe::web {

TEST(Http, ParsesPathAndDecodesQuery) {
    Request r;
    ASSERT_TRUE(parse_target("/resources?q=data%20privacy&stage=entry&stage=scaling", r));
    EXPECT_EQ(r.path, "/resources");
    EXPECT_EQ(r.query_value("q"), "data privacy");
    EXPECT_EQ(r.query_values("stage"), (std::vector<std::string>{"entry", "scaling"}));
    EXPECT_EQ(r.query_value("missing"), "");
}

TEST(Http, PlusInAQueryMeansSpace) {
    Request r;
    ASSERT_TRUE(parse_target("/resources?q=learner+records", r));
    EXPECT_EQ(r.query_value("q"), "learner records");
}

TEST(Http, RejectsMalformedTargets) {
    Request r;
    EXPECT_FALSE(parse_target("no-leading-slash", r));
    EXPECT_FALSE(parse_target("/a b", r));
    EXPECT_FALSE(parse_target("/x?q=%ff%fe", r));  // not UTF-8 once decoded
}

TEST(Http, OneMappingFromErrorCodesToStatuses) {
    EXPECT_EQ(status_for(ErrorCode::kInvalidInput), 400);
    EXPECT_EQ(status_for(ErrorCode::kNotFound), 404);
    EXPECT_EQ(status_for(ErrorCode::kConflict), 409);
    EXPECT_EQ(status_for(ErrorCode::kUnauthorized), 401);
    EXPECT_EQ(status_for(ErrorCode::kForbidden), 403);
    EXPECT_EQ(status_for(ErrorCode::kTooLarge), 413);
    EXPECT_EQ(status_for(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(status_for(ErrorCode::kInternal), 500);
}

TEST(Http, AcceptsGzipCaseInsensitively) {
    Request r;
    r.headers.emplace_back("accept-encoding", "br, GZIP;q=0.8");
    EXPECT_TRUE(r.accepts_gzip());
}

// X-Forwarded-For is believed only from a trusted proxy, walked from the right: the first hop
// that is not a proxy of ours is the client; a spoofed hop further left never wins.
TEST(ClientBehindProxies, BelievesOnlyTrustedProxiesFromTheRight) {
    const std::vector<std::string> trusted{"127.0.0.1", "10.0.0.2"};
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "203.0.113.7", trusted), "203.0.113.7");
    // A client that sends its own X-Forwarded-For: nginx appends the real address on the right.
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "198.51.100.1, 203.0.113.7", trusted),
              "203.0.113.7");
    // Two proxies of ours in a row: skipped.
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "203.0.113.7, 10.0.0.2", trusted), "203.0.113.7");
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "2001:db8::1", trusted), "2001:db8::1");
    // From a peer that is not trusted, the header means nothing.
    EXPECT_EQ(client_behind_proxies("192.0.2.9", "203.0.113.7", trusted), "");
    // Nothing usable: empty, garbage, only proxies.
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "", trusted), "");
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "not-an-address", trusted), "");
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "203.0.113.7, ", trusted), "");
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "10.0.0.2", trusted), "");
    EXPECT_EQ(client_behind_proxies("127.0.0.1", std::string(100, '1'), trusted), "");
    EXPECT_EQ(client_behind_proxies("127.0.0.1", "203.0.113.7", {}), "");
}

}  // namespace cbe::web
