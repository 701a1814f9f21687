#include "report/example_filter.hpp"

#include <gtest/gtest.h>

#include "report/page_models.hpp"
#include "unit/test_content.hpp"

namespace cbe::report {

TEST(StatesIn, FindsWholeStateNamesInOrder) {
    EXPECT_EQ(states_in("Philadelphia and Allentown, Pennsylvania, with partner schools"),
              std::vector<std::string>{"pennsylvania"});
    EXPECT_EQ(states_in("California and Washington, with partner schools"),
              (std::vector<std::string>{"california", "washington"}));
    EXPECT_EQ(states_in("Wales, Wisconsin"), std::vector<std::string>{"wisconsin"});
}

TEST(StatesIn, LongerNamesWinAndNamesInsideWordsDoNotCount) {
    EXPECT_EQ(states_in("Charleston, West Virginia"), std::vector<std::string>{"west-virginia"});
    EXPECT_EQ(states_in("Little Rock, Arkansas"), std::vector<std::string>{"arkansas"});
    EXPECT_EQ(states_in("Washington, D.C."), std::vector<std::string>{"district-of-columbia"});
}

TEST(StatesIn, APlaceWithoutAStateIsNational) {
    EXPECT_EQ(states_in("United States and other countries"),
              std::vector<std::string>{std::string(kNationalPlace)});
}

class ExampleFilter : public ::testing::Test {
  protected:
    std::vector<std::string> ids(const ExampleQuery& q) const {
        std::vector<std::string> out;
        for (const auto* e : filter_examples(*testing::fixture_roadmap(), q)) out.push_back(e->id);
        return out;
    }
};

TEST_F(ExampleFilter, NoFiltersGivesEverything) {
    EXPECT_EQ(ids({}).size(), testing::fixture_roadmap()->examples.size());
}

TEST_F(ExampleFilter, ElementAndStageMustHoldForTheSameIllustration) {
    ExampleQuery q;
    q.element = "tech.records";
    EXPECT_EQ(ids(q), (std::vector<std::string>{"sample-district", "sample-state"}));
    q.stage = "scaling";
    EXPECT_EQ(ids(q), std::vector<std::string>{"sample-district"});
    // sample-state shows records at developing and credit at developing, never records at
    // scaling; sample-network shows credit (policy) at scaling.
    q.element.clear();
    q.area = "policy";
    EXPECT_EQ(ids(q), std::vector<std::string>{"sample-network"});
}

TEST_F(ExampleFilter, ByState) {
    ExampleQuery q;
    q.state = std::string(kNationalPlace);
    EXPECT_EQ(ids(q).size(), 3U);  // the fixture's places name no state
    q.state = "texas";
    EXPECT_TRUE(ids(q).empty());
}

namespace {
const boost::json::object* option(const boost::json::object& facet, const std::string& value) {
    for (const auto& o : facet.at("options").as_array()) {
        if (o.at("value").as_string() == value) return &o.as_object();
    }
    return nullptr;
}
}  // namespace

TEST(BrowseModels, ExampleOptionsAreCountedWithTheOtherFiltersKept) {
    const auto& rm = *testing::fixture_roadmap();
    ExampleQuery q;
    q.stage = "scaling";
    auto model = examples_model(rm, q);
    EXPECT_EQ(model.at("count").as_uint64(), 2U);
    const auto& filters = model.at("filters").as_object();
    const auto& elements = filters.at("elements").as_object();
    ASSERT_TRUE(option(elements, "tech.records"));
    EXPECT_EQ(option(elements, "tech.records")->at("count").as_uint64(), 1U);
    EXPECT_EQ(elements.at("any").as_uint64(), 2U);
    // The stage filter's own options count as if each were chosen instead.
    const auto& stages = filters.at("stages").as_object();
    EXPECT_EQ(option(stages, "developing")->at("count").as_uint64(), 1U);
    EXPECT_TRUE(option(stages, "scaling")->at("selected").as_bool());
    // A stage no example shows is not offered.
    EXPECT_EQ(option(stages, "entry"), nullptr);
}

TEST(BrowseModels, ZeroMatchResourceOptionsAreLeftOutUnlessChosen) {
    const auto& rm = *testing::fixture_roadmap();
    auto model = resources_model(rm, {});
    const auto& types = model.at("filters").as_object().at("types").as_object();
    EXPECT_EQ(option(types, "video"), nullptr);
    ResourceQuery q;
    q.type = "video";
    auto chosen = resources_model(rm, q);
    const auto& chosen_types = chosen.at("filters").as_object().at("types").as_object();
    ASSERT_NE(option(chosen_types, "video"), nullptr);
    EXPECT_EQ(option(chosen_types, "video")->at("count").as_uint64(), 0U);
}

TEST(BrowseModels, ACollectionsViewCarriesItsNameAndDescription) {
    const auto& rm = *testing::fixture_roadmap();
    ASSERT_FALSE(rm.collections.empty());
    ResourceQuery q;
    q.collection = rm.collections[0].id;
    auto model = resources_model(rm, q);
    ASSERT_TRUE(model.contains("collection"));
    EXPECT_EQ(model.at("collection").at("name").as_string(), rm.collections[0].name);
    EXPECT_FALSE(model.at("collection").at("description_html").as_string().empty());
    EXPECT_FALSE(resources_model(rm, {}).contains("collection"));
}

TEST(BrowseModels, TheLastElementAnExampleShowsIsMarkedForTheSeparator) {
    auto model = examples_model(*testing::fixture_roadmap(), {});
    for (const auto& e : model.at("examples").as_array()) {
        const auto& elements = e.at("elements").as_array();
        ASSERT_FALSE(elements.empty());
        EXPECT_TRUE(elements.back().as_object().contains("last"));
        if (elements.size() > 1) {
            EXPECT_FALSE(elements.front().as_object().contains("last"));
        }
    }
}

}  // namespace cbe::report
