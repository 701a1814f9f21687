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
        has_problem(load(), "resources/main.yaml", 14,
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

// True when no reported problem contains `text`.
::testing::AssertionResult has_no_problem(const LoadResult& result, const std::string& text) {
    for (const auto& p : result.problems) {
        if (p.message.find(text) != std::string::npos) {
            return ::testing::AssertionFailure() << "unexpected problem " << p.to_string();
        }
    }
    return ::testing::AssertionSuccess();
}

TEST_F(Validation, ElementIllustratedByFewerThanTwoExamples) {
    remove("examples/sample-network.yaml");
    EXPECT_TRUE(has_problem(load(), "elements/policy.credit.yaml", 1,
                            "illustrated by 1 example from the field; it needs at least 2"));
}

TEST_F(Validation, ElementWithoutExamples) {
    remove("examples/sample-network.yaml");
    remove("examples/sample-state.yaml");
    EXPECT_TRUE(has_problem(load(), "elements/policy.credit.yaml", 1, "illustrated by 0 examples"));
}

TEST_F(Validation, AnExampleNamingAnElementTwiceCountsOnce) {
    remove("examples/sample-state.yaml");
    remove("examples/sample-district.yaml");
    edit("examples/sample-network.yaml", "  - element: policy.credit\n",
         "  - element: tech.records\n    stages: [entry]\n  - element: tech.records\n");
    EXPECT_TRUE(has_problem(load(), "elements/tech.records.yaml", 1, "illustrated by 1 example "));
}

TEST_F(Validation, ExampleWithoutAccessedDate) {
    edit("examples/sample-district.yaml", "accessed: 2026-03-15\n", "");
    EXPECT_TRUE(has_problem(load(), "examples/sample-district.yaml", 1, "missing 'accessed'"));
}

TEST_F(Validation, AccessedDateOutsideTheContentYear) {
    edit("examples/sample-district.yaml", "accessed: 2026-03-15", "accessed: 2025-03-15");
    EXPECT_TRUE(has_problem(load(), "examples/sample-district.yaml", 13,
                            "accessed must be a date in 2026, written like 2026-03-15"));
}

TEST_F(Validation, AccessedDateThatIsNoRealDate) {
    edit("resources/main.yaml", "accessed: 2026-02-10", "accessed: 2026-02-30");
    EXPECT_TRUE(has_problem(load(), "resources/main.yaml", 12, "accessed must be a date in 2026"));
}

TEST_F(Validation, AccessedDateInAnotherFormat) {
    edit("resources/main.yaml", "accessed: 2026-02-10", "accessed: February 10, 2026");
    EXPECT_TRUE(has_problem(load(), "resources/main.yaml", 12, "accessed must be a date in 2026"));
}

TEST_F(Validation, ResourceWithoutSourceKind) {
    edit("resources/main.yaml", "    source_kind: primary\n", "");
    EXPECT_TRUE(has_problem(load(), "resources/main.yaml", 14, "missing 'source_kind'"));
}

TEST_F(Validation, SourceKindMustBePrimaryOrSecondary) {
    edit("examples/sample-network.yaml", "source_kind: secondary", "source_kind: tertiary");
    EXPECT_TRUE(has_problem(load(), "examples/sample-network.yaml", 14,
                            "source_kind must be one of: primary, secondary"));
}

TEST_F(Validation, GlossaryTermInAPluralTheGlossaryDoesNotList) {
    edit(kRecords, "\"Pick a scale.\"", "\"Pick a scale and rubrics.\"");
    EXPECT_TRUE(has_problem(load(), kRecords, 23,
                            "'rubrics' is glossary term 'Rubric' in a form the glossary does not "
                            "list, so it is not linked"));
}

TEST_F(Validation, GlossaryTermWithAHyphenTheGlossaryDoesNotList) {
    edit(kRecords, "credit by seat time,", "credit by seat-time,");
    EXPECT_TRUE(has_problem(load(), kRecords, 9, "'seat-time' is glossary term 'Seat time'"));
}

TEST_F(Validation, GlossaryTermFormIsLinkedOnceItIsAnAlias) {
    edit(kRecords, "\"Pick a scale.\"", "\"Pick a scale and rubrics.\"");
    edit("glossary.yaml", "    term: Rubric\n", "    term: Rubric\n    aliases: [rubrics]\n");
    auto result = load();
    EXPECT_TRUE(result.problems.empty()) << result.problems.front().to_string();
}

TEST_F(Validation, GlossaryTermLinkedExplicitlyInMarkdownIsLinked) {
    edit(kRecords, "descriptor: Grades come from assignments.",
         "descriptor: Grades come from [[rubrics|rubric]].");
    EXPECT_TRUE(has_no_problem(load(), "glossary term"));
}

TEST_F(Validation, LowercaseWordThatSpellsAnAcronymIsNoUse) {
    edit(kRecords, "\"Tell families.\"", "\"Tell families, in any case.\"");
    EXPECT_TRUE(has_no_problem(load(), "glossary term"));
}

TEST_F(Validation, AgendaTimingsThatDoNotAddUp) {
    edit("facilitator-guide.yaml", "      - minutes: 30\n", "      - minutes: 35\n");
    EXPECT_TRUE(has_problem(load(), "facilitator-guide.yaml", 11,
                            "the items' minutes add up to 95, not to the agenda's "
                            "duration_minutes of 90"));
}

TEST_F(Validation, AgendaWithoutAStatedLength) {
    edit("facilitator-guide.yaml", "    duration_minutes: 90\n", "");
    EXPECT_TRUE(has_problem(load(), "facilitator-guide.yaml", 9, "missing 'duration_minutes'"));
}

TEST_F(Validation, NinetyMinuteAgendaCoveringMoreThanEightElements) {
    edit("facilitator-guide.yaml", "elements_max: 2", "elements_max: 9");
    EXPECT_TRUE(has_problem(load(), "facilitator-guide.yaml", 13,
                            "a session of 90 minutes or less covers at most 8 elements; this one "
                            "covers up to 9 elements"));
}

TEST_F(Validation, NinetyMinuteAgendaCoveringEightElementsIsFine) {
    edit("facilitator-guide.yaml", "elements_max: 2", "elements_max: 8");
    EXPECT_TRUE(has_no_problem(load(), "covers at most"));
}

TEST_F(Validation, ShortAgendaCannotCoverAPathwayLongerThanEight) {
    edit("audiences.yaml", "elements: [tech.records, policy.credit]",
         "elements: [tech.records, policy.credit, tech.records, policy.credit, tech.records, "
         "policy.credit, tech.records, policy.credit, tech.records]");
    edit("facilitator-guide.yaml", "duration_minutes: 120", "duration_minutes: 60");
    edit("facilitator-guide.yaml", "      - minutes: 120\n", "      - minutes: 60\n");
    EXPECT_TRUE(has_problem(load(), "facilitator-guide.yaml", 22,
                            "this one covers a whole pathway (up to 9 elements)"));
}

TEST_F(Validation, AgendaCoversChosenElementsOrAPathway) {
    edit("facilitator-guide.yaml", "covers: pathway", "covers: everything");
    EXPECT_TRUE(
        has_problem(load(), "facilitator-guide.yaml", 22, "covers must be chosen or pathway"));
}

TEST_F(Validation, AgendaOfChosenElementsSaysHowMany) {
    edit("facilitator-guide.yaml", "    elements_max: 2\n", "");
    EXPECT_TRUE(has_problem(load(), "facilitator-guide.yaml", 9, "missing 'elements_max'"));
}

}  // namespace cbe::content::testing
