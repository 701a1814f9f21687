#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "report/assessment_models.hpp"
#include "unit/test_content.hpp"

namespace cbe::report {

class ExportTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { roadmap_ = testing::fixture_roadmap(); }
    AssessmentView view(const std::vector<assessment::Answer>& answers) const {
        return {roadmap_.get(),
                roadmap_->audience("district"),
                "tok",
                "",
                "Springfield",
                "0.1.0",
                "2026-01-01T00:00:00Z",
                "2026-01-02T00:00:00Z",
                &answers};
    }
    static content::RoadmapPtr roadmap_;
};
content::RoadmapPtr ExportTest::roadmap_;

TEST_F(ExportTest, CsvHasAHeaderAndOneRowPerPathwayElement) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("developing"), ""}};
    std::string csv = results_csv(view(answers));
    EXPECT_EQ(
        csv,
        "step,element_id,element,area,answer,next_stage,note\r\n"
        "1,\"tech.records\",\"Learner records\",\"Technology\",\"Developing\","
        "\"Scaling\",\"\"\r\n"
        "2,\"policy.credit\",\"Credit flexibility\",\"Technology Policy\",\"\",\"\",\"\"\r\n");
}

// The note cell of the first row (answered "Entry"), exactly as written.
std::string note_cell(const std::string& csv) {
    const std::string before =
        "\r\n1,\"tech.records\",\"Learner records\",\"Technology\",\"Entry\",\"Developing\",";
    auto start = csv.find(before);
    auto end = csv.find("\r\n2,");
    if (start == std::string::npos || end == std::string::npos) return "(no such row)";
    start += before.size();
    return csv.substr(start, end - start);
}

TEST_F(ExportTest, CsvQuotesAndDefusesFormulas) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"), "=HYPERLINK(\"x\"), and more\nline"}};
    std::string csv = results_csv(view(answers));
    EXPECT_EQ(note_cell(csv), "\"'=HYPERLINK(\"\"x\"\"), and more\nline\"") << csv;
}

TEST_F(ExportTest, CsvQuotesEveryTextCellEvenWithoutSpecialCharacters) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"), "plain words"}};
    std::string csv = results_csv(view(answers));
    EXPECT_EQ(note_cell(csv), "\"plain words\"") << csv;
}

// In locales that separate fields with ';' (or when a file is pasted as tab-separated text, or
// read by an importer that ignores quotes), a formula can hide after any separator.
TEST_F(ExportTest, CsvDefusesAFormulaAfterEverySeparator) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"ok;=cmd|' /C calc'!A0", "\"ok;'=cmd|' /C calc'!A0\""},
        {"ok,+1", "\"ok,'+1\""},
        {"a\t-2", "\"a\t'-2\""},
        {"line\n@SUM(A1)", "\"line\n'@SUM(A1)\""},
        {"x\r\n=1", "\"x\r\n'=1\""},
        {"a;\t=1", "\"a;'\t'=1\""},
        {"-", "\"'-\""},
        {"a - b; c = d", "\"a - b; c = d\""},  // only a part's first character counts
    };
    for (const auto& [note, cell] : cases) {
        std::vector<assessment::Answer> answers{
            {"tech.records", *assessment::Choice::parse("entry"), note}};
        EXPECT_EQ(note_cell(results_csv(view(answers))), cell) << note;
    }
}

TEST_F(ExportTest, JsonCarriesAnswersAndTypicalStages) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("scaling"), "n"},
        {"policy.credit", *assessment::Choice::parse("not-sure"), ""}};
    auto json = results_json(view(answers));
    EXPECT_EQ(json["audience"].as_string(), "district");
    EXPECT_EQ(json["content_version"].as_string(), "0.1.0");
    EXPECT_EQ(json["typical_stage"].as_string(), "scaling");
    EXPECT_TRUE(json["typical_stage_by_area"].as_object()["policy"].is_null());
    auto& list = json["answers"].as_array();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1].as_object()["answer"].as_string(), "not-sure");
}

TEST_F(ExportTest, StepModelKeepsTypedInputOverTheSavedAnswer) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"), "saved"}};
    StepInput input{"scaling", "typed", "Choose a stage."};
    auto model = step_model(view(answers), *roadmap_->element("tech.records"), &input);
    EXPECT_EQ(model["note"].as_string(), "typed");
    EXPECT_TRUE(model["stages"].as_array()[2].as_object()["checked"].as_bool());
    EXPECT_FALSE(model["stages"].as_array()[0].as_object()["checked"].as_bool());
    EXPECT_TRUE(model["has_error"].as_bool());
}

}  // namespace cbe::report
