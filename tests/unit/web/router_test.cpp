#include "web/router.hpp"

#include <gtest/gtest.h>

namespace cbe::web {

namespace {
Handler answer(std::string text) {
    return [text = std::move(text)](Request&) {
        Response r;
        r.set_body(text);
        return r;
    };
}
Request request(Method method, std::string path) {
    Request r;
    r.method = method;
    r.path = std::move(path);
    return r;
}
}  // namespace

TEST(Router, MatchesLiteralPathsAndCapturesParameters) {
    Router router;
    router.get("/elements", answer("list"));
    router.get("/elements/{id}", answer("one"));
    const Handler* h = nullptr;
    auto req = request(Method::kGet, "/elements/tech.interop");
    ASSERT_EQ(router.match(req, &h), Router::Match::kFound);
    EXPECT_EQ(req.params["id"], "tech.interop");
    EXPECT_EQ((*h)(req).body_view(), "one");
}

TEST(Router, HeadUsesTheGetRoute) {
    Router router;
    router.get("/", answer("home"));
    const Handler* h = nullptr;
    auto req = request(Method::kHead, "/");
    EXPECT_EQ(router.match(req, &h), Router::Match::kFound);
}

TEST(Router, UnknownPathIsNotFoundAndWrongMethodIsNotAllowed) {
    Router router;
    router.get("/about", answer("about"));
    const Handler* h = nullptr;
    auto missing = request(Method::kGet, "/nope");
    EXPECT_EQ(router.match(missing, &h), Router::Match::kNotFound);
    auto post = request(Method::kPost, "/about");
    EXPECT_EQ(router.match(post, &h), Router::Match::kMethodNotAllowed);
    EXPECT_EQ(router.allowed_methods("/about"), "GET, HEAD");
}

TEST(Router, TrailingSlashAndSegmentCountMatter) {
    Router router;
    router.get("/examples/{id}", answer("one"));
    const Handler* h = nullptr;
    auto deeper = request(Method::kGet, "/examples/a/b");
    EXPECT_EQ(router.match(deeper, &h), Router::Match::kNotFound);
    auto slash = request(Method::kGet, "/examples/a/");
    EXPECT_EQ(router.match(slash, &h), Router::Match::kFound);
}

}  // namespace cbe::web
