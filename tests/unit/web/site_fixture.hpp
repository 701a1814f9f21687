// A Site over the test content, the real templates and the real static assets.
#pragma once

#include <gtest/gtest.h>

#include "cli/compose.hpp"
#include "content/loader.hpp"
#include "web/site.hpp"

namespace cbe::web::testing {

inline ServeConfig test_config() {
    const std::string root = CBE_SOURCE_DIR;
    ServeConfig config;
    config.content_dir = root + "/tests/data/content";
    config.templates_dir = root + "/templates";
    config.static_dir = root + "/static";
    config.uswds_dir = root + "/node_modules/@uswds/uswds/dist";
    return config;
}

inline std::shared_ptr<Site> make_site(const ServeConfig& config = test_config()) {
    auto loaded = content::load_content(config.content_dir);
    EXPECT_TRUE(loaded.problems.empty());
    cli::Parts parts(loaded.roadmap);
    auto built = cli::build(config, parts);
    EXPECT_TRUE(built) << (built ? "" : built.error().message);
    return built ? built->site : nullptr;
}

inline std::string header(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return {};
}

}  // namespace cbe::web::testing
