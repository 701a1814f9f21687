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

}  // namespace cbe::web
