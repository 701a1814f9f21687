#include "assessment/comparison.hpp"

#include <gtest/gtest.h>

#include "unit/test_content.hpp"

namespace cbe::assessment {

namespace {

Answer answer(const std::string& element, const std::string& choice) {
    return Answer{element, *Choice::parse(choice), ""};
}

const ElementChange& change_of(const Comparison& c, const std::string& id) {
    for (const auto& e : c.elements) {
        if (e.element_id == id) return e;
    }
    throw std::runtime_error("no change for " + id);
}

const AreaChange& area_of(const Comparison& c, const std::string& id) {
    for (const auto& a : c.areas) {
        if (a.area_id == id) return a;
    }
    throw std::runtime_error("no area " + id);
}

}  // namespace

// The fixture's district pathway: tech.records (Technology), then policy.credit (Policy).
class ComparisonTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { roadmap_ = testing::fixture_roadmap(); }
    static Placement placed(std::vector<Answer> answers) {
        return Placement{
            roadmap_.get(), roadmap_->audience("district")->element_ids, std::move(answers), {}};
    }
    static content::RoadmapPtr roadmap_;
};
content::RoadmapPtr ComparisonTest::roadmap_;

TEST_F(ComparisonTest, SaysWhichElementsMovedUpDownOrStayed) {
    auto then = placed({answer("tech.records", "entry"), answer("policy.credit", "scaling")});
    auto now = placed({answer("tech.records", "scaling"), answer("policy.credit", "developing")});
    Comparison c = compare(then, now);
    ASSERT_EQ(c.elements.size(), 2u);
    const auto& records = change_of(c, "tech.records");
    EXPECT_EQ(records.movement, Movement::kUp);
    EXPECT_EQ(records.steps, 2);
    EXPECT_EQ(records.then.stage, 0u);
    EXPECT_EQ(records.now.stage, 2u);
    const auto& credit = change_of(c, "policy.credit");
    EXPECT_EQ(credit.movement, Movement::kDown);
    EXPECT_EQ(credit.steps, -1);
    EXPECT_EQ(c.up, 1u);
    EXPECT_EQ(c.down, 1u);
    EXPECT_EQ(c.same, 0u);
    EXPECT_FALSE(c.versions_differ);

    Comparison unchanged = compare(now, now);
    EXPECT_EQ(change_of(unchanged, "tech.records").movement, Movement::kSame);
    EXPECT_EQ(change_of(unchanged, "tech.records").steps, 0);
    EXPECT_EQ(unchanged.same, 2u);
}

TEST_F(ComparisonTest, UnansweredNotSureAndNotApplicableAreNotComparable) {
    auto then = placed({answer("tech.records", "not-sure")});  // policy.credit unanswered
    auto now = placed({answer("tech.records", "developing"), answer("policy.credit", "scaling")});
    Comparison c = compare(then, now);
    const auto& records = change_of(c, "tech.records");
    EXPECT_EQ(records.movement, Movement::kNotComparable);
    EXPECT_EQ(records.then.standing, Standing::kNotSure);
    EXPECT_EQ(records.now.standing, Standing::kStage);
    EXPECT_EQ(records.steps, 0);
    EXPECT_EQ(change_of(c, "policy.credit").then.standing, Standing::kUnanswered);
    EXPECT_EQ(c.not_comparable, 2u);

    auto not_applicable = placed({answer("tech.records", "not-applicable")});
    EXPECT_EQ(change_of(compare(not_applicable, now), "tech.records").then.standing,
              Standing::kNotApplicable);
}

TEST_F(ComparisonTest, ATeamsNoAgreementIsNotComparable) {
    Placement session{roadmap_.get(),
                      {"tech.records", "policy.credit"},
                      {answer("policy.credit", "entry")},
                      {"tech.records"}};
    auto now =
        placed({answer("tech.records", "developing"), answer("policy.credit", "developing")});
    Comparison c = compare(session, now);
    EXPECT_EQ(change_of(c, "tech.records").then.standing, Standing::kNoAgreement);
    EXPECT_EQ(change_of(c, "tech.records").movement, Movement::kNotComparable);
    EXPECT_EQ(change_of(c, "policy.credit").movement, Movement::kUp);
}

TEST_F(ComparisonTest, AnElementOnlyOnePlacementCoveredIsListedAsNotIncluded) {
    Placement session{roadmap_.get(), {"policy.credit"}, {answer("policy.credit", "entry")}, {}};
    auto now = placed({answer("tech.records", "developing"), answer("policy.credit", "entry")});
    Comparison c = compare(session, now);
    ASSERT_EQ(c.elements.size(), 2u);
    EXPECT_EQ(change_of(c, "tech.records").then.standing, Standing::kNotIncluded);
    EXPECT_EQ(change_of(c, "tech.records").movement, Movement::kNotComparable);
    EXPECT_EQ(change_of(c, "policy.credit").movement, Movement::kSame);
}

TEST_F(ComparisonTest, AcrossContentVersionsElementsAreMatchedByIdAndMissingOnesSaidSo) {
    // Version 0.2.0 drops policy.credit and adds tech.new to the pathway.
    auto later = std::make_shared<content::Roadmap>(*roadmap_);
    later->version = "0.2.0";
    content::Element added = *roadmap_->element("tech.records");
    added.id = "tech.new";
    added.name = "A new element";
    later->elements.push_back(added);
    std::erase_if(later->elements, [](const auto& e) { return e.id == "policy.credit"; });
    later->build_indexes();

    auto then = placed({answer("tech.records", "entry"), answer("policy.credit", "scaling")});
    Placement now{later.get(),
                  {"tech.records", "tech.new"},
                  {answer("tech.records", "developing"), answer("tech.new", "entry")},
                  {}};
    Comparison c = compare(then, now);
    EXPECT_TRUE(c.versions_differ);
    ASSERT_EQ(c.elements.size(), 3u);
    EXPECT_EQ(change_of(c, "tech.records").movement, Movement::kUp);
    const auto& dropped = change_of(c, "policy.credit");
    EXPECT_EQ(dropped.then.standing, Standing::kStage);
    EXPECT_EQ(dropped.now.standing, Standing::kNotInVersion);
    EXPECT_EQ(dropped.movement, Movement::kNotComparable);
    ASSERT_NE(dropped.element, nullptr);  // named from the version that has it
    EXPECT_EQ(dropped.element->id, "policy.credit");
    const auto& fresh = change_of(c, "tech.new");
    EXPECT_EQ(fresh.then.standing, Standing::kNotInVersion);
    EXPECT_EQ(fresh.now.standing, Standing::kStage);
    EXPECT_EQ(fresh.element->name, "A new element");
    // Grouped by area in the later version's order: Technology's two, then Policy's one.
    EXPECT_EQ(c.elements[0].area_id, "technology");
    EXPECT_EQ(c.elements[1].area_id, "technology");
    EXPECT_EQ(c.elements[2].element_id, "policy.credit");
}

TEST_F(ComparisonTest, AreasCompareTheirTypicalStage) {
    auto then = placed({answer("tech.records", "entry"), answer("policy.credit", "not-sure")});
    auto now = placed({answer("tech.records", "transforming"), answer("policy.credit", "entry")});
    Comparison c = compare(then, now);
    ASSERT_EQ(c.areas.size(), 2u);  // areas with none of the pathway's elements are left out
    const auto& technology = area_of(c, "technology");
    EXPECT_EQ(technology.then, 0u);
    EXPECT_EQ(technology.now, 3u);
    EXPECT_EQ(technology.movement, Movement::kUp);
    EXPECT_EQ(technology.up, 1u);
    const auto& policy = area_of(c, "policy");
    EXPECT_FALSE(policy.then.has_value());  // nothing placed at a stage then
    EXPECT_EQ(policy.now, 0u);
    EXPECT_EQ(policy.movement, Movement::kNotComparable);
    EXPECT_EQ(policy.not_comparable, 1u);
}

TEST(ComparisonWords, IdsForViews) {
    EXPECT_EQ(movement_id(Movement::kUp), "up");
    EXPECT_EQ(movement_id(Movement::kNotComparable), "not-comparable");
    EXPECT_EQ(standing_id(Standing::kNotInVersion), "not-in-version");
    EXPECT_EQ(standing_id(Standing::kNoAgreement), "no-agreement");
}

}  // namespace cbe::assessment
