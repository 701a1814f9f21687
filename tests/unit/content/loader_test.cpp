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
    EXPECT_EQ(rm.examples.front().accessed, "2026-03-15");
    EXPECT_EQ(rm.examples.front().source_kind, "primary");
    EXPECT_EQ(rm.resources.size(), 2u);
    EXPECT_EQ(rm.resource("r-guide")->accessed, "2026-02-10");
    EXPECT_EQ(rm.resource("r-guide")->source_kind, "secondary");
    EXPECT_EQ(rm.guide.scripts.size(), 6u);
    ASSERT_EQ(rm.guide.agendas.size(), 2u);
    EXPECT_EQ(rm.guide.agendas[0].duration_minutes, 90);
    EXPECT_EQ(rm.guide.agendas[0].covers, "chosen");
    EXPECT_EQ(rm.guide.agendas[0].elements_max, 2);
    EXPECT_EQ(rm.guide.agendas[1].covers, "pathway");
    EXPECT_EQ(rm.guide.agendas[1].elements_max, 0);
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

// Content 1.0.0's shape: no accessed or source_kind, agendas without a stated length or
// coverage, one example for an element.
class OlderContent : public ContentFixture {
  protected:
    void make_1_0_shape() const {
        edit("examples/sample-district.yaml", "accessed: 2026-03-15\nsource_kind: primary\n", "");
        edit("resources/main.yaml", "    accessed: 2026-02-10\n    source_kind: secondary\n", "");
        edit("facilitator-guide.yaml",
             "    duration_minutes: 90\n    covers: chosen\n    elements_max: 2\n", "");
        edit("facilitator-guide.yaml", "    duration_minutes: 120\n    covers: pathway\n", "");
        remove("examples/sample-network.yaml");
    }
};

TEST_F(OlderContent, SnapshotOfAnOlderContentVersionStillLoads) {
    make_1_0_shape();
    Problems problems;
    auto snapshot = load_content_files(read_content_files(dir_, problems), Rules::kSnapshot);
    ASSERT_TRUE(snapshot.roadmap) << snapshot.problems.front().to_string();
    EXPECT_EQ(snapshot.roadmap->examples.size(), 2u);
    EXPECT_EQ(snapshot.roadmap->guide.agendas[0].duration_minutes, 0);
}

TEST_F(OlderContent, CurrentContentMustMeetTheNewerRules) {
    make_1_0_shape();
    auto current = load();
    EXPECT_FALSE(current.roadmap);
    EXPECT_TRUE(has_problem(current, "examples/sample-district.yaml", 1, "missing 'accessed'"));
    EXPECT_TRUE(has_problem(current, "facilitator-guide.yaml", 9, "missing 'duration_minutes'"));
    EXPECT_TRUE(has_problem(current, "elements/policy.credit.yaml", 1, "illustrated by 1 example"));
}

TEST_F(OlderContent, SnapshotKeepsAccessedDatesFromEarlierYears) {
    edit("examples/sample-district.yaml", "accessed: 2026-03-15", "accessed: 2025-03-15");
    Problems problems;
    auto snapshot = load_content_files(read_content_files(dir_, problems), Rules::kSnapshot);
    ASSERT_TRUE(snapshot.roadmap) << snapshot.problems.front().to_string();
    EXPECT_EQ(snapshot.roadmap->example("sample-district")->accessed, "2025-03-15");
}

}  // namespace cbe::content::testing
