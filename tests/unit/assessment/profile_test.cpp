#include "assessment/profile.hpp"

#include <gtest/gtest.h>

#include "unit/test_content.hpp"

namespace cbe::assessment {

class ProfileTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { roadmap_ = testing::fixture_roadmap(); }
    static Answer answer(const std::string& element, const std::string& choice,
                         const std::string& note = "") {
        return Answer{element, *Choice::parse(choice), note};
    }
    const content::Audience& district() const { return *roadmap_->audience("district"); }
    static content::RoadmapPtr roadmap_;
};
content::RoadmapPtr ProfileTest::roadmap_;

TEST_F(ProfileTest, CountsAnsweredPlacedAndUnanswered) {
    std::vector<Answer> answers{answer("tech.records", "scaling")};
    auto profile = build_profile(*roadmap_, district(), answers);
    EXPECT_EQ(profile.total, 2u);
    EXPECT_EQ(profile.answered, 1u);
    EXPECT_EQ(profile.placed, 1u);
    ASSERT_EQ(profile.unanswered.size(), 1u);
    EXPECT_EQ(profile.unanswered[0].element->id, "policy.credit");
    EXPECT_EQ(profile.typical_stage, 2u);
}

TEST_F(ProfileTest, GroupsElementsByAreaInRoadmapOrder) {
    std::vector<Answer> none;
    auto profile = build_profile(*roadmap_, district(), none);
    ASSERT_EQ(profile.areas.size(), 2u);
    EXPECT_EQ(profile.areas[0].area->id, "technology");
    EXPECT_EQ(profile.areas[1].area->id, "policy");
    EXPECT_FALSE(profile.typical_stage.has_value());
}

TEST_F(ProfileTest, TypicalStageIsTheLowerMedian) {
    // Entry and Transforming: the lower of the two middle stages is Entry.
    std::vector<Answer> answers{answer("tech.records", "transforming"),
                                answer("policy.credit", "entry")};
    auto profile = build_profile(*roadmap_, district(), answers);
    EXPECT_EQ(profile.typical_stage, 0u);
}

TEST_F(ProfileTest, NotSureAndNotApplicableAreListedNotPlaced) {
    // The profile points into the answers: they must outlive it.
    std::vector<Answer> answers{answer("tech.records", "not-sure", "ask IT"),
                                answer("policy.credit", "not-applicable")};
    auto profile = build_profile(*roadmap_, district(), answers);
    EXPECT_EQ(profile.placed, 0u);
    EXPECT_EQ(profile.answered, 2u);
    ASSERT_EQ(profile.not_sure.size(), 1u);
    EXPECT_EQ(profile.not_sure[0].answer->note, "ask IT");
    EXPECT_EQ(profile.not_applicable.size(), 1u);
}

TEST_F(ProfileTest, NextStepHasTheNextStageMovesExamplesAndResources) {
    auto steps = next_steps(*roadmap_, district(), {answer("tech.records", "developing")});
    ASSERT_EQ(steps.size(), 1u);
    const NextStep& step = steps[0];
    EXPECT_EQ(step.stage, 1u);
    EXPECT_EQ(step.next_stage, 2u);
    EXPECT_EQ(step.moves->front(), "Spread the gradebook.");
    // The fixture's example shows tech.records at Scaling, the next stage.
    ASSERT_EQ(step.examples.size(), 1u);
    EXPECT_EQ(step.examples[0]->id, "sample-district");
    // The standard serves tech.records at Scaling (for technology leaders, not this audience).
    ASSERT_EQ(step.resources.size(), 1u);
    EXPECT_EQ(step.resources[0]->id, "r-standard");
}

TEST_F(ProfileTest, AlreadyPastTheExampleStageMeansNoExample) {
    auto steps = next_steps(*roadmap_, district(), {answer("tech.records", "scaling")});
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_TRUE(steps[0].examples.empty());
}

TEST_F(ProfileTest, TransformingHasNoNextStage) {
    auto steps = next_steps(*roadmap_, district(), {answer("policy.credit", "transforming")});
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_FALSE(steps[0].next_stage.has_value());
    EXPECT_EQ(steps[0].moves, nullptr);
}

TEST_F(ProfileTest, NoNextStepForNotSureOrUnanswered) {
    EXPECT_TRUE(next_steps(*roadmap_, district(), {answer("tech.records", "not-sure")}).empty());
}

TEST_F(ProfileTest, ResourcesForTheAudienceComeFirst) {
    auto steps = next_steps(*roadmap_, district(), {answer("policy.credit", "entry")});
    ASSERT_EQ(steps.size(), 1u);
    // r-guide serves policy.credit at Developing for district leaders.
    ASSERT_FALSE(steps[0].resources.empty());
    EXPECT_EQ(steps[0].resources[0]->id, "r-guide");
}

}  // namespace cbe::assessment
