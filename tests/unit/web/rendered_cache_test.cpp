#include "web/rendered_cache.hpp"

#include <gtest/gtest.h>

namespace cbe::web {

namespace {
std::shared_ptr<const std::string> body(size_t n) {
    return std::make_shared<const std::string>(n, 'x');
}
}  // namespace

TEST(RenderedCache, ReturnsWhatWasPutUnderTheSameKeyOnly) {
    RenderedCache cache(1000);
    cache.put("a:1", body(10));
    ASSERT_NE(cache.get("a:1"), nullptr);
    EXPECT_EQ(cache.get("a:1")->size(), 10u);
    EXPECT_EQ(cache.get("a:2"), nullptr);
}

TEST(RenderedCache, DropsTheLeastRecentlyUsedBeyondTheBudget) {
    RenderedCache cache(25);
    cache.put("a", body(10));
    cache.put("b", body(10));
    cache.get("a");            // a is now the most recently used
    cache.put("c", body(10));  // 30 bytes: b goes
    EXPECT_NE(cache.get("a"), nullptr);
    EXPECT_EQ(cache.get("b"), nullptr);
    EXPECT_NE(cache.get("c"), nullptr);
    EXPECT_LE(cache.bytes(), 25u);
}

TEST(RenderedCache, ReplacingAKeyKeepsTheByteCountRight) {
    RenderedCache cache(100);
    cache.put("a", body(40));
    cache.put("a", body(20));
    EXPECT_EQ(cache.bytes(), 20u);
    cache.put("huge", body(101));  // larger than the whole budget: not kept
    EXPECT_EQ(cache.get("huge"), nullptr);
}

}  // namespace cbe::web
