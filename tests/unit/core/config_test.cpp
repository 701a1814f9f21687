#include "core/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
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

namespace cbe {

TEST(Config, PublicUrlKeepsSchemeHostAndPortOnly) {
    EXPECT_EQ(parse_public_url("https://roadmap.example.org/").value(),
              "https://roadmap.example.org");
    EXPECT_EQ(parse_public_url("http://10.1.2.3:8080").value(), "http://10.1.2.3:8080");
    EXPECT_FALSE(parse_public_url("roadmap.example.org"));
    EXPECT_FALSE(parse_public_url("ftp://roadmap.example.org"));
    EXPECT_FALSE(parse_public_url("https://roadmap.example.org/sub"));
    EXPECT_FALSE(parse_public_url("https://user@roadmap.example.org"));
    EXPECT_FALSE(parse_public_url("https://"));
}

TEST(Config, LinksComeFromThePublicUrlOrElseTheListenAddress) {
    ServeConfig config;
    config.host = "::1";
    config.port = 8443;
    EXPECT_EQ(public_base(config), "http://[::1]:8443");
    config.public_url = "https://roadmap.example.org";
    EXPECT_EQ(public_base(config), "https://roadmap.example.org");
}

TEST(Config, LoopbackIsTheOnlyAddressThatNeedsNoPublicUrl) {
    ServeConfig config;
    for (const char* host : {"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
        config.host = host;
        EXPECT_FALSE(listens_beyond_loopback(config)) << host;
    }
    for (const char* host : {"0.0.0.0", "::", "192.0.2.1"}) {
        config.host = host;
        EXPECT_TRUE(listens_beyond_loopback(config)) << host;
    }
}

TEST(Config, EnvironmentSetsOperatorSettings) {
    std::map<std::string, std::string> env{{"CBE_PUBLIC_URL", "https://r.example.org/"},
                                           {"CBE_METRICS_TOKEN", "t0ken"},
                                           {"CBE_LOG_FORMAT", "json"},
                                           {"CBE_SECURE_COOKIES", "1"},
                                           {"CBE_INVITATION_ONLY", "1"}};
    auto lookup = [&](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    ServeConfig config;
    ASSERT_TRUE(apply_environment(config, lookup));
    EXPECT_EQ(config.public_url, "https://r.example.org");
    EXPECT_EQ(config.metrics_token, "t0ken");
    EXPECT_EQ(config.log_format, "json");
    EXPECT_TRUE(config.secure_cookies);
    EXPECT_FALSE(config.sign_up_open);
    env["CBE_LOG_FORMAT"] = "xml";
    EXPECT_FALSE(apply_environment(config, lookup));
    env["CBE_LOG_FORMAT"] = "text";
    env["CBE_PUBLIC_URL"] = "not a url";
    EXPECT_FALSE(apply_environment(config, lookup));
}

TEST(Config, TheInstalledShareFolderBesideTheBinaryWins) {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("cbe-share-" + std::to_string(::getpid()));
    fs::create_directories(root / "usr/bin");
    fs::create_directories(root / "usr/share/cbe-roadmap/templates");
    fs::create_directories(root / "src/templates");
    auto installed = locate_share((root / "usr/bin/roadmap").string(), (root / "src").string());
    EXPECT_TRUE(installed.installed);
    EXPECT_EQ(installed.root, (root / "usr/share/cbe-roadmap").string());
    ServeConfig config;
    apply_share(config, installed);
    EXPECT_EQ(config.uswds_dir, (root / "usr/share/cbe-roadmap/uswds").string());
    EXPECT_EQ(config.migrations_dir, (root / "usr/share/cbe-roadmap/migrations/sqlite").string());

    // A development build: no share folder beside it, so the checkout it came from.
    auto source = locate_share((root / "build/dev/roadmap").string(), (root / "src").string());
    EXPECT_FALSE(source.installed);
    EXPECT_EQ(source.root, (root / "src").string());
    apply_share(config, source);
    EXPECT_EQ(config.uswds_dir, (root / "src/node_modules/@uswds/uswds/dist").string());
    fs::remove_all(root);
}

}  // namespace cbe
