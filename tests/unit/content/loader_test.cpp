#include "unit/content/content_fixture.hpp"

namespace cbe::content::testing {

using Loader = ContentFixture;

TEST_F(Loader, LoadsTheFixtureIntoAModel) {
    auto result = load();
    ASSERT_TRUE(result.problems.empty()) << result.problems.front().to_string();
    const Roadmap& rm = *result.roadmap;
    EXPECT_EQ(rm.version, "0.1.0");
    ASSERT_EQ(rm.stages.size(), 4u);
    EXPECT_EQ(rm.stages[3].name, "Transforming");
    ASSERT_EQ(rm.areas.size(), 3u);
    ASSERT_NE(rm.element("tech.records"), nullptr);
    const Element& e = *rm.element("tech.records");
    EXPECT_EQ(e.stages[0].indicators.size(), 3u);
    EXPECT_EQ(e.moves[2].front(), "Issue credentials.");
    EXPECT_EQ(e.questions.at("state").front(), "What does the state collect?");
    EXPECT_EQ(rm.audience("district")->element_ids.size(), 2u);
    EXPECT_EQ(rm.examples.front().sources.front().url, "https://example.org/report");
    EXPECT_EQ(rm.resources.size(), 2u);
    EXPECT_EQ(rm.guide.scripts.size(), 6u);
    EXPECT_EQ(rm.area("technology")->element_ids, std::vector<std::string>{"tech.records"});
    EXPECT_EQ(rm.fingerprint.size(), 16u);
}

TEST_F(Loader, RendersMarkdownFieldsAsHtml) {
    auto result = load();
    ASSERT_TRUE(result.roadmap);
    EXPECT_EQ(result.roadmap->stages[0].summary_html, "<p>Starting out.</p>");
}

TEST_F(Loader, ExpandsExplicitGlossaryLinksWithTheTermName) {
    auto result = load();
    ASSERT_TRUE(result.roadmap);
    EXPECT_NE(result.roadmap->term("case")->definition_html.find(
                  "<a href=\"/glossary#mastery\">Mastery</a>"),
              std::string::npos);
}

TEST_F(Loader, FingerprintChangesWithAnyEdit) {
    auto before = load().roadmap->fingerprint;
    edit("elements/tech.records.yaml", "Grades come from assignments.", "Grades come from tests.");
    auto after = load().roadmap->fingerprint;
    EXPECT_NE(before, after);
}

TEST_F(Loader, DropsRawHtmlFromMarkdown) {
    edit("roadmap.yaml", "summary: Starting out.", "summary: \"<script>alert(1)</script> Hi\"");
    auto result = load();
    ASSERT_TRUE(result.roadmap);
    EXPECT_EQ(result.roadmap->stages[0].summary_html.find("<script>"), std::string::npos);
}

TEST_F(Loader, ReportsEveryProblemNotJustTheFirst) {
    edit("roadmap.yaml", "version: 0.1.0", "version: one");
    edit("resources/main.yaml", "url: https://example.org/guide", "url: http://example.org/guide");
    auto result = load();
    EXPECT_FALSE(result.roadmap);
    EXPECT_TRUE(has_problem(result, "roadmap.yaml", 1, "semantic"));
    EXPECT_TRUE(has_problem(result, "resources/main.yaml", 8, "absolute https URL"));
}

}  // namespace cbe::content::testing
