#include "report/sample_assessment.hpp"

#include <gtest/gtest.h>

#include "content/loader.hpp"
#include "report/page_models.hpp"
#include "report/results.hpp"

namespace cbe::report {

namespace {
content::RoadmapPtr bundled() {
    return content::load_content(std::string(CBE_SOURCE_DIR) + "/content").roadmap;
}
}  // namespace

// The sample answers every element of the bundled district pathway: an edit of the content that
// drops or renames an element shows up here, not as a thinner sample page.
TEST(SampleAssessment, AnswersEveryElementOfTheBundledDistrictPathway) {
    auto roadmap = bundled();
    ASSERT_TRUE(roadmap);
    auto sample = sample_assessment(*roadmap);
    ASSERT_NE(sample.audience, nullptr);
    EXPECT_EQ(sample.audience->id, "district");
    EXPECT_EQ(sample.answers.size(), sample.audience->element_ids.size());
    auto view = sample.view(*roadmap);
    auto results = build_results(view);
    EXPECT_EQ(results.profile.answered, sample.answers.size());
    EXPECT_FALSE(results.next_steps.empty());
    EXPECT_FALSE(results.profile.not_sure.empty());  // shows the "conversations to have"
    auto model = results_model(results);
    EXPECT_EQ(model.at("editable").as_bool(), false);
    EXPECT_EQ(std::string(model.at("title").as_string()).rfind("Sample results: ", 0), 0u);
}

// Reading at 240 words a minute plus half a minute to choose (and, at the high end, the
// indicators and half a minute for a note): see time_estimate.
TEST(TimeEstimate, GrowsWithThePathwayAndRoundsToFiveMinutes) {
    auto roadmap = bundled();
    ASSERT_TRUE(roadmap);
    for (const auto& audience : roadmap->audiences) {
        auto t = time_estimate(*roadmap, audience);
        EXPECT_EQ(t.low % 5, 0);
        EXPECT_EQ(t.high % 5, 0);
        EXPECT_LT(t.low, t.high);
        // At least the half minute of choosing per element; at most five minutes per element.
        EXPECT_GE(t.low, static_cast<int>(audience.element_ids.size()) / 2);
        EXPECT_LE(t.high, static_cast<int>(audience.element_ids.size()) * 5);
    }
    content::Audience shorter = *roadmap->audience("district");
    shorter.element_ids.resize(4);
    EXPECT_LT(time_estimate(*roadmap, shorter).high,
              time_estimate(*roadmap, *roadmap->audience("district")).high);
}

TEST(DisplayName, AnUnnamedAssessmentIsCalledByItsPathwayAndDay) {
    content::Audience audience;
    audience.name = "State leadership";
    EXPECT_EQ(display_name("", &audience, "2026-11-27T10:02:46Z"),
              "State leadership assessment, 27 November 2026");
    EXPECT_EQ(display_name("Maine", &audience, "2026-11-27T10:02:46Z"), "Maine");
    EXPECT_EQ(display_name("", nullptr, ""), "Self-assessment");
}

}  // namespace cbe::report
