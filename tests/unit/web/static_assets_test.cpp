#include "web/static_assets.hpp"

#include <gtest/gtest.h>

namespace cbe::web {

TEST(StaticAssets, UswdsWebFontsNeverSwapInAfterTheFirstPaint) {
    const std::string root = CBE_SOURCE_DIR;
    auto assets = StaticAssets::load(root + "/static", root + "/node_modules/@uswds/uswds/dist");
    ASSERT_TRUE(assets) << assets.error().message;
    const Asset* css = assets->find("uswds/css/uswds.min.css");
    ASSERT_NE(css, nullptr);
    EXPECT_EQ(css->body->find("font-display:fallback"), std::string::npos);
    EXPECT_NE(css->body->find("font-display:optional"), std::string::npos);
    // The preloaded faces are served.
    EXPECT_NE(assets->find("uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2"),
              nullptr);
    EXPECT_NE(assets->find("uswds/fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2"),
              nullptr);
}

}  // namespace cbe::web
