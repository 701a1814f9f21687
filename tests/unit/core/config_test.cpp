#include "core/config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace cbe {

TEST(Config, ParseListenAcceptsHostAndPort) {
    auto parsed = parse_listen("0.0.0.0:9000");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->first, "0.0.0.0");
    EXPECT_EQ(parsed->second, 9000);
}

TEST(Config, ParseListenAcceptsBracketedIpv6) {
    auto parsed = parse_listen("[::1]:8080");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->first, "::1");
}

TEST(Config, ParseListenRejectsMissingOrBadPort) {
    EXPECT_FALSE(parse_listen("localhost"));
    EXPECT_FALSE(parse_listen("localhost:"));
    EXPECT_FALSE(parse_listen("localhost:http"));
    EXPECT_FALSE(parse_listen("localhost:70000"));
}

TEST(Config, EnvironmentOverridesDefaults) {
    std::map<std::string, std::string> env{
        {"CBE_LISTEN", "127.0.0.2:81"}, {"CBE_CONTENT", "/srv/content"}, {"CBE_THREADS", "4"}};
    ServeConfig config;
    auto ok = apply_environment(config, [&](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
    ASSERT_TRUE(ok);
    EXPECT_EQ(config.host, "127.0.0.2");
    EXPECT_EQ(config.port, 81);
    EXPECT_EQ(config.content_dir, "/srv/content");
    EXPECT_EQ(config.data_dir, "var");
    EXPECT_EQ(config.threads, 4);
}

TEST(Config, EnvironmentWithBadValueIsAnError) {
    ServeConfig config;
    auto bad = apply_environment(config, [](const char* name) -> const char* {
        return std::string(name) == "CBE_THREADS" ? "lots" : nullptr;
    });
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

}  // namespace cbe
