#include "report/resource_filter.hpp"

#include <gtest/gtest.h>

#include "unit/test_content.hpp"

namespace cbe::report {

class ResourceFilter : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { roadmap_ = testing::fixture_roadmap(); }
    std::vector<std::string> ids(const ResourceQuery& q) const {
        std::vector<std::string> out;
        for (const auto* r : filter_resources(*roadmap_, q)) out.push_back(r->id);
        return out;
    }
    static content::RoadmapPtr roadmap_;
};
content::RoadmapPtr ResourceFilter::roadmap_;

TEST_F(ResourceFilter, NoFiltersReturnsEverythingByTitle) {
    ASSERT_TRUE(roadmap_);
    EXPECT_EQ(ids({}), (std::vector<std::string>{"r-guide", "r-standard"}));
}

TEST_F(ResourceFilter, FiltersByAreaThroughElements) {
    ResourceQuery q;
    q.area = "technology";
    EXPECT_EQ(ids(q), std::vector<std::string>{"r-standard"});
}

TEST_F(ResourceFilter, FiltersCombine) {
    ResourceQuery q;
    q.stage = "entry";
    q.audience = "state";
    EXPECT_EQ(ids(q), std::vector<std::string>{"r-guide"});
    q.type = "standard";
    EXPECT_TRUE(ids(q).empty());
}

TEST_F(ResourceFilter, TextSearchNeedsEveryWordInTitlePublisherOrSummary) {
    ResourceQuery q;
    q.text = "PROTECT student";
    EXPECT_EQ(ids(q), std::vector<std::string>{"r-guide"});
    q.text = "protect standards";
    EXPECT_TRUE(ids(q).empty());
}

TEST_F(ResourceFilter, FiltersByCollection) {
    ResourceQuery q;
    q.collection = "start";
    EXPECT_EQ(ids(q).size(), 2u);
    q.collection = "missing";
    EXPECT_TRUE(ids(q).empty());
}

}  // namespace cbe::report
