// The content we ship is valid and meets the counts CONTENT.md asks for.
#include <gtest/gtest.h>

#include "content/loader.hpp"
#include "content/stats.hpp"

namespace cbe::content {

TEST(BundledContent, LoadsWithoutProblemsAndMeetsTheMinimums) {
    auto result = load_content(std::string(CBE_SOURCE_DIR) + "/content");
    for (const auto& p : result.problems) ADD_FAILURE() << p.to_string();
    ASSERT_TRUE(result.roadmap);
    const Roadmap& rm = *result.roadmap;
    for (const auto& area : rm.areas) {
        EXPECT_GE(area.element_ids.size(), 6u) << area.id;
        EXPECT_LE(area.element_ids.size(), 8u) << area.id;
    }
    // Content 1.1 (issue 14): at least 32 examples, 10 of them begun in 2020 or later, and at
    // least 70 resources.
    EXPECT_GE(rm.examples.size(), 32u);
    size_t recent = 0;
    for (const auto& example : rm.examples) {
        auto year = start_year(example.years);
        if (year && *year >= 2020) ++recent;
    }
    EXPECT_GE(recent, 10u);
    EXPECT_GE(rm.resources.size(), 70u);
    EXPECT_GE(rm.glossary.size(), 40u);
    EXPECT_EQ(rm.audiences.size(), 3u);
    for (const auto& element : rm.elements) {
        for (const auto& stage : element.stages) EXPECT_LE(stage.mini.size(), 140u) << element.id;
    }
}

}  // namespace cbe::content
