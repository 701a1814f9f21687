// Each rule of docs/content-format.md, broken once, is reported as file:line: message.
#include "unit/content/content_fixture.hpp"

namespace cbe::content::testing {

using Validation = ContentFixture;
const std::string kRecords = "elements/tech.records.yaml";

TEST_F(Validation, StageWithoutDescriptor) {
    edit(kRecords, "    descriptor: Some courses track mastery.\n", "");
    EXPECT_TRUE(has_problem(load(), kRecords, 11, "missing 'descriptor'"));
}

TEST_F(Validation, MissingStage) {
    std::string text = read(kRecords);
    auto from = text.find("  transforming:");
    auto to = text.find("moves:");
    write(kRecords, text.erase(from, to - from));
    EXPECT_TRUE(has_problem(load(), kRecords, 0, "stage 'transforming' needs"));
}

TEST_F(Validation, FewerThanThreeIndicators) {
    edit(kRecords, "[grades by assignment, credit by seat time, no shared record]",
         "[grades by assignment, credit by seat time]");
    EXPECT_TRUE(has_problem(load(), kRecords, 9, "needs 3 to 5 entries, has 2"));
}

TEST_F(Validation, MoreThanFiveMoves) {
    edit(kRecords, "[\"Pick a scale.\", ", "[\"A.\", \"B.\", \"C.\", \"Pick a scale.\", ");
    EXPECT_TRUE(has_problem(load(), kRecords, 23, "moves from entry to developing needs 3 to 5"));
}

TEST_F(Validation, StepWithoutMoves) {
    edit(kRecords,
         "  developing: [\"Spread the gradebook.\", \"Train staff.\", \"Report progress.\"]\n", "");
    EXPECT_TRUE(
        has_problem(load(), kRecords, 0, "no moves for the step from developing to scaling"));
}

TEST_F(Validation, PathwayElementWithoutQuestionsForThatAudience) {
    edit("elements/policy.credit.yaml", "  state: [\"What does the state collect?\"]\n", "");
    EXPECT_TRUE(has_problem(load(), "elements/policy.credit.yaml", 27,
                            "no guiding questions for audience 'state'"));
}

TEST_F(Validation, QuestionsForAnUnknownAudience) {
    edit(kRecords, "  district:", "  parents: [\"Who?\"]\n  district:");
    EXPECT_TRUE(has_problem(load(), kRecords, 27, "unknown audience 'parents'"));
}

TEST_F(Validation, DuplicateIds) {
    edit("resources/main.yaml", "id: r-standard", "id: r-guide");
    EXPECT_TRUE(
        has_problem(load(), "resources/main.yaml", 12,
                    "duplicate resource id 'r-guide' (first defined at resources/main.yaml:2)"));
}

TEST_F(Validation, ReferenceToAMissingElement) {
    edit("audiences.yaml", "elements: [policy.credit]", "elements: [policy.missing]");
    EXPECT_TRUE(has_problem(load(), "audiences.yaml", 11, "unknown element 'policy.missing'"));
}

TEST_F(Validation, ReferenceToAMissingResource) {
    edit("collections.yaml", "[r-guide, r-standard]", "[r-guide, r-gone]");
    EXPECT_TRUE(has_problem(load(), "collections.yaml", 5, "unknown resource 'r-gone'"));
}

TEST_F(Validation, ReferenceToAMissingStage) {
    edit("examples/sample-district.yaml", "stages: [scaling]", "stages: [soaring]");
    EXPECT_TRUE(has_problem(load(), "examples/sample-district.yaml", 9, "unknown stage 'soaring'"));
}

TEST_F(Validation, UrlThatIsNotAbsoluteHttps) {
    edit("examples/sample-district.yaml", "https://example.org/report", "/report");
    EXPECT_TRUE(has_problem(load(), "examples/sample-district.yaml", 12, "absolute https URL"));
}

TEST_F(Validation, ExampleThatNamesNoElement) {
    std::string text = read("examples/sample-district.yaml");
    auto from = text.find("illustrates:");
    auto to = text.find("sources:");
    write("examples/sample-district.yaml", text.replace(from, to - from, "illustrates: []\n"));
    EXPECT_TRUE(
        has_problem(load(), "examples/sample-district.yaml", 0, "must name at least one element"));
}

TEST_F(Validation, ResourceThatNamesNoElement) {
    edit("resources/main.yaml", "elements: [policy.credit]", "elements: []");
    EXPECT_TRUE(has_problem(load(), "resources/main.yaml", 9, "at least one element"));
}

TEST_F(Validation, GlossaryLinkThatPointsNowhere) {
    edit(kRecords, "descriptor: Grades come from assignments.",
         "descriptor: Grades come from [[assignments|no-such-term]].");
    EXPECT_TRUE(has_problem(load(), kRecords, 8, "unknown glossary term 'no-such-term'"));
}

TEST_F(Validation, YamlSyntaxErrorNamesTheLine) {
    edit("audiences.yaml", "    who: state staff", "    who: [state staff");
    EXPECT_TRUE(has_problem(load(), "audiences.yaml", 0, "YAML error"));
}

TEST_F(Validation, MissingFile) {
    remove("glossary.yaml");
    EXPECT_TRUE(has_problem(load(), "glossary.yaml", 0, "file is missing"));
}

TEST_F(Validation, MisspeltField) {
    edit(kRecords, "why:", "wy:");
    auto result = load();
    EXPECT_TRUE(has_problem(result, kRecords, 4, "unknown field 'wy'"));
    EXPECT_TRUE(has_problem(result, kRecords, 1, "missing 'why'"));
}

TEST_F(Validation, StagesOutOfOrder) {
    edit("roadmap.yaml", "  - id: entry\n    name: Entry", "  - id: scaling\n    name: Entry");
    EXPECT_TRUE(has_problem(load(), "roadmap.yaml", 4, "entry, developing, scaling, transforming"));
}

TEST_F(Validation, FileNameMustMatchElementId) {
    edit(kRecords, "id: tech.records", "id: tech.other");
    EXPECT_TRUE(has_problem(load(), kRecords, 1, "file name must match the id"));
}

TEST_F(Validation, ElementIdMustCarryItsAreaPrefix) {
    std::string text = read(kRecords);
    remove(kRecords);
    write("elements/conditions.records.yaml", text);
    edit("elements/conditions.records.yaml", "id: tech.records", "id: conditions.records");
    auto result = load();
    EXPECT_TRUE(has_problem(result, "elements/conditions.records.yaml", 1, "starts with 'tech.'"));
}

TEST_F(Validation, ResourceTypeMustBeKnown) {
    edit("resources/main.yaml", "type: guide", "type: podcast");
    EXPECT_TRUE(has_problem(load(), "resources/main.yaml", 6, "type must be one of"));
}

TEST_F(Validation, FacilitatorGuideNeedsEveryScript) {
    edit("facilitator-guide.yaml", "  - {id: dissent, title: Dissent, body: Record dissent.}\n",
         "");
    auto result = load();
    EXPECT_TRUE(has_problem(result, "facilitator-guide.yaml", 0, "all 6 scripts"));
}

}  // namespace cbe::content::testing
