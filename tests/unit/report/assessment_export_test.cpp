#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "report/results.hpp"
#include "unit/test_content.hpp"

namespace cbe::report {

class ExportTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { roadmap_ = testing::fixture_roadmap(); }
    AssessmentView view(const std::vector<assessment::Answer>& answers) const {
        AssessmentView v;
        v.roadmap = roadmap_.get();
        v.audience = roadmap_->audience("district");
        v.token = "tok";
        v.label = "Springfield";
        v.content_version = "0.1.0";
        v.created_at = "2026-01-01T00:00:00Z";
        v.updated_at = "2026-01-02T00:00:00Z";
        v.answers = &answers;
        return v;
    }
    std::string csv_of(const std::vector<assessment::Answer>& answers) const {
        auto v = view(answers);
        return results_csv(build_results(v));
    }
    json::object json_of(const std::vector<assessment::Answer>& answers) const {
        auto v = view(answers);
        return results_json(build_results(v));
    }
    static content::RoadmapPtr roadmap_;
};
content::RoadmapPtr ExportTest::roadmap_;

TEST_F(ExportTest, CsvHasAHeaderAndOneRowPerPathwayElement) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("developing"), ""}};
    std::string csv = csv_of(answers);
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
    std::string csv = csv_of(answers);
    EXPECT_EQ(note_cell(csv), "\"'=HYPERLINK(\"\"x\"\"), and more\nline\"") << csv;
}

TEST_F(ExportTest, CsvQuotesEveryTextCellEvenWithoutSpecialCharacters) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"), "plain words"}};
    std::string csv = csv_of(answers);
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
        EXPECT_EQ(note_cell(csv_of(answers)), cell) << note;
    }
}

TEST_F(ExportTest, JsonCarriesAnswersAndTypicalStages) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("scaling"), "n"},
        {"policy.credit", *assessment::Choice::parse("not-sure"), ""}};
    auto json = json_of(answers);
    EXPECT_EQ(json["audience"].as_string(), "district");
    EXPECT_EQ(json["content_version"].as_string(), "0.1.0");
    EXPECT_EQ(json["typical_stage"].as_string(), "scaling");
    EXPECT_TRUE(json["typical_stage_by_area"].as_object()["policy"].is_null());
    auto& list = json["answers"].as_array();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1].as_object()["answer"].as_string(), "not-sure");
}

// One model, three renderings: for every element of the pathway the results page, the JSON export
// and the CSV export say the same answer, stage, next stage and note.
TEST_F(ExportTest, PageJsonAndCsvAgreeForEveryElement) {
    const std::vector<std::vector<assessment::Answer>> cases{
        {},
        {{"tech.records", *assessment::Choice::parse("transforming"), "top, \"quoted\""}},
        {{"tech.records", *assessment::Choice::parse("entry"), "first"},
         {"policy.credit", *assessment::Choice::parse("not-applicable"), "n/a here"}},
        {{"policy.credit", *assessment::Choice::parse("not-sure"), ""}},
    };
    for (const auto& answers : cases) {
        auto v = view(answers);
        auto results = build_results(v);
        auto page = results_model(results);
        auto exported = results_json(results);
        std::string csv = results_csv(results);
        std::map<std::string, json::object> page_rows;
        for (const auto& area : page["areas"].as_array()) {
            for (const auto& row : area.as_object().at("elements").as_array()) {
                page_rows[std::string(row.as_object().at("id").as_string())] = row.as_object();
            }
        }
        const auto& list = exported["answers"].as_array();
        ASSERT_EQ(list.size(), page_rows.size());
        ASSERT_EQ(list.size(), v.audience->element_ids.size());
        for (size_t i = 0; i < list.size(); ++i) {
            const auto& item = list[i].as_object();
            std::string id(item.at("element_id").as_string());
            ASSERT_TRUE(page_rows.count(id)) << id;
            const auto& row = page_rows[id];
            const auto* answer = assessment::find_answer(answers, id);
            // The same answer: the page's words for the export's code.
            if (item.at("answer").is_null()) {
                EXPECT_EQ(answer, nullptr) << id;
                EXPECT_EQ(row.at("answer").as_string(), "Not answered yet") << id;
            } else {
                EXPECT_EQ(item.at("answer").as_string(), answer->choice.id()) << id;
                EXPECT_EQ(row.at("answer").as_string(), answer_label(*roadmap_, answer)) << id;
            }
            // The same stage: the page's level is the export's stage, counted from 1.
            auto level = row.at("level").to_number<long long>();
            if (item.at("stage").is_null()) {
                EXPECT_EQ(level, 0) << id;
            } else {
                std::string stage(item.at("stage").as_string());
                EXPECT_EQ(content::kStageIds[level - 1], stage) << id;
            }
            EXPECT_EQ(row.at("note").as_string(), item.at("note").as_string()) << id;
            // And the CSV's row for the element carries the same words and note.
            std::string next = item.at("next_stage").is_null()
                                   ? ""
                                   : roadmap_->stages[level].name;  // the stage after `level`
            std::string label = item.at("answer").is_null() ? "" : answer_label(*roadmap_, answer);
            std::string expected_row = std::to_string(i + 1) + ",\"" + id + "\"";
            auto at = csv.find("\r\n" + expected_row);
            ASSERT_NE(at, std::string::npos) << id << csv;
            auto end = csv.find("\r\n", at + 2);
            std::string line = csv.substr(at + 2, end - at - 2);
            std::string cells = ",\"";
            cells.append(label).append("\",\"").append(next).append("\",");
            EXPECT_NE(line.find(cells), std::string::npos) << line;
        }
    }
}

TEST_F(ExportTest, StepModelKeepsTypedInputOverTheSavedAnswer) {
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"), "saved"}};
    StepInput input{"scaling", "typed", "Choose a stage.", "choice"};
    auto model = step_model(view(answers), *roadmap_->element("tech.records"), &input);
    EXPECT_EQ(model["note"].as_string(), "typed");
    EXPECT_TRUE(model["stages"].as_array()[2].as_object()["checked"].as_bool());
    EXPECT_FALSE(model["stages"].as_array()[0].as_object()["checked"].as_bool());
    EXPECT_TRUE(model["has_error"].as_bool());
}

}  // namespace cbe::report
