// The .xlsx exports, read back with openpyxl (tests/support/xlsx_reader.hpp): cell values and
// types, real date cells, frozen header rows, and text defused like the CSV's.
#include "report/results_xlsx.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "support/xlsx_reader.hpp"
#include "unit/test_content.hpp"

namespace cbe::report {

namespace {

using testing::XlsxSheet;

bool on_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

#define REQUIRE_OPENPYXL()                                                         \
    do {                                                                           \
        if (!testing::openpyxl_available()) {                                      \
            if (on_ci()) FAIL() << "python3-openpyxl is missing (scripts/lib.sh)"; \
            GTEST_SKIP() << "python3-openpyxl is not installed";                   \
        }                                                                          \
    } while (false)

std::string text_at(const XlsxSheet& sheet, size_t row, size_t col) {
    const auto& v = sheet.at(row, col).value;
    return v.is_string() ? std::string(v.as_string()) : "(not text)";
}

// The value beside a heading label ("School year" -> "2026-27").
const testing::XlsxCell* heading_value(const XlsxSheet& sheet, const std::string& label) {
    auto row = sheet.row_starting(label);
    return row ? &sheet.at(*row, 1) : nullptr;
}

}  // namespace

class ResultsXlsxTest : public ::testing::Test {
  protected:
    void SetUp() override { roadmap_ = cbe::testing::fixture_roadmap(); }
    AssessmentView view(const std::vector<assessment::Answer>& answers) const {
        AssessmentView v;
        v.roadmap = roadmap_.get();
        v.audience = roadmap_->audience("district");
        v.token = "tok";
        v.label = "Springfield";
        v.content_version = "0.1.0";
        v.created_at = "2026-01-01T00:00:00Z";
        v.updated_at = "2026-11-27T10:02:46Z";
        v.answers = &answers;
        return v;
    }
    content::RoadmapPtr roadmap_;
};

TEST_F(ResultsXlsxTest, HasAHeadingAndOneTypedRowPerElement) {
    REQUIRE_OPENPYXL();
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("developing"), "=HYPERLINK(\"x\")"},
        {"policy.credit", *assessment::Choice::parse("not-sure"), "Ask the board first"}};
    auto v = view(answers);
    v.organization_name = "Lincoln County Schools";
    v.school_year = "2026-27";
    auto sheet = testing::read_xlsx(results_xlsx(build_results(v)));

    EXPECT_EQ(sheet.sheet_names, std::vector<std::string>{"Results"});
    EXPECT_EQ(text_at(sheet, 0, 0), "Self-assessment results: Springfield");
    EXPECT_EQ(sheet.title, "Self-assessment results: Springfield");
    ASSERT_NE(heading_value(sheet, "Organization"), nullptr);
    EXPECT_EQ(heading_value(sheet, "Organization")->value.as_string(), "Lincoln County Schools");
    EXPECT_EQ(heading_value(sheet, "School year")->value.as_string(), "2026-27");
    EXPECT_EQ(heading_value(sheet, "Pathway")->value.as_string(), "District and school leadership");

    // The date is a real date cell (a number with a date format), not text.
    const auto* saved = heading_value(sheet, "Last saved");
    ASSERT_NE(saved, nullptr);
    EXPECT_TRUE(saved->is_date);
    EXPECT_EQ(saved->type, "d");
    EXPECT_EQ(saved->value.as_string(), "2026-11-27");
    EXPECT_EQ(saved->format, "d mmmm yyyy");

    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    // Everything down to the column names stays in view when scrolling.
    EXPECT_EQ(sheet.frozen_at, "A" + std::to_string(*header + 2));
    EXPECT_EQ(sheet.auto_filter.substr(0, 2), "A" + std::to_string(*header + 1));
    auto col = [&](const std::string& name) {
        auto c = sheet.column(*header, name);
        if (!c) ADD_FAILURE() << "no column " << name;
        return c.value_or(0);
    };
    size_t first = *header + 1, second = *header + 2;
    ASSERT_EQ(sheet.rows.size(), second + 1);
    EXPECT_EQ(text_at(sheet, first, col("Area")), "Technology");
    EXPECT_EQ(text_at(sheet, first, col("Element")), "Learner records");
    EXPECT_EQ(text_at(sheet, first, col("Answer")), "Developing");
    EXPECT_EQ(sheet.at(first, col("Stage (1-4)")).type, "n");
    EXPECT_EQ(sheet.at(first, col("Stage (1-4)")).value.to_number<double>(), 2.0);
    EXPECT_EQ(text_at(sheet, first, col("Next stage")), "Scaling");
    EXPECT_EQ(sheet.at(first, col("Step")).value.to_number<double>(), 1.0);
    EXPECT_EQ(text_at(sheet, first, col("Element ID")), "tech.records");
    // A note that would run as a formula is text, defused as in the CSV export.
    EXPECT_EQ(text_at(sheet, first, col("Note")), "'=HYPERLINK(\"x\")");
    EXPECT_EQ(sheet.at(first, col("Note")).type, "s");

    // "Not sure" has no stage and no next stage (empty cells), but keeps its note.
    EXPECT_EQ(text_at(sheet, second, col("Answer")), "Not sure");
    EXPECT_TRUE(sheet.at(second, col("Stage (1-4)")).value.is_null());
    EXPECT_TRUE(sheet.at(second, col("Next stage")).value.is_null());
    EXPECT_EQ(text_at(sheet, second, col("Note")), "Ask the board first");
}

TEST_F(ResultsXlsxTest, LeavesOutTheOrganizationAndSchoolYearWhenThereAreNone) {
    REQUIRE_OPENPYXL();
    std::vector<assessment::Answer> answers;
    auto v = view(answers);
    auto sheet = testing::read_xlsx(results_xlsx(build_results(v)));
    EXPECT_FALSE(sheet.row_starting("Organization").has_value());
    EXPECT_FALSE(sheet.row_starting("School year").has_value());
    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    // Unanswered: the answer cell is empty (no data), like the CSV's.
    EXPECT_TRUE(sheet.at(*header + 1, 2).value.is_null());
}

TEST_F(ResultsXlsxTest, WritesLineBreaksAsSpreadsheetsDoAndDropsControlCharacters) {
    REQUIRE_OPENPYXL();
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"),
         "bell\x07 here <&> \"quoted\"\r\nnext line"},
        {"policy.credit", *assessment::Choice::parse("entry"), " \r\n "}};
    auto v = view(answers);
    auto sheet = testing::read_xlsx(results_xlsx(build_results(v)));
    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    auto note = sheet.column(*header, "Note");
    ASSERT_TRUE(note.has_value());
    EXPECT_EQ(text_at(sheet, *header + 1, *note), "bell here <&> \"quoted\"\nnext line");
    // A note of only spaces and line breaks leaves the cell empty, as the page shows no note.
    EXPECT_TRUE(sheet.at(*header + 2, *note).value.is_null());
}

// The CSV export's one rule (report/csv.hpp): a formula hidden after a separator is defused too.
TEST_F(ResultsXlsxTest, DefusesEveryPartAsTheCsvExportDoes) {
    REQUIRE_OPENPYXL();
    std::vector<assessment::Answer> answers{
        {"tech.records", *assessment::Choice::parse("entry"), "ok;=cmd|' /C calc'!A0"}};
    auto v = view(answers);
    auto sheet = testing::read_xlsx(results_xlsx(build_results(v)));
    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(text_at(sheet, *header + 1, *sheet.column(*header, "Note")),
              "ok;'=cmd|' /C calc'!A0");
}

// Excel holds at most 32,767 characters in a cell: longer text is cut, never split mid-letter.
TEST_F(ResultsXlsxTest, CutsTextBeyondACellsLimitAtALetter) {
    REQUIRE_OPENPYXL();
    PlanSheet plan;
    plan.title = "Action plan";
    std::string long_notes;
    for (int i = 0; i < 20000; ++i) long_notes += "\xC3\xA9";  // é, two bytes each
    plan.actions = {{"Learner records", "", "Pilot", "", "", "", "Done", long_notes}};
    auto sheet = testing::read_xlsx(plan_xlsx(plan));
    auto header = sheet.row_starting("Element");
    ASSERT_TRUE(header.has_value());
    std::string notes = text_at(sheet, *header + 1, *sheet.column(*header, "Notes"));
    EXPECT_EQ(notes.size(), 32766u);  // 16,383 letters: the last whole one within the limit
    EXPECT_EQ(notes.substr(0, 2), "\xC3\xA9");
}

TEST_F(ResultsXlsxTest, LeavesNoFilesBehind) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("results_xlsx_test." + std::to_string(getpid()));
    fs::create_directories(dir);
    const char* before = std::getenv("TMPDIR");
    std::string saved = before ? before : "";
    setenv("TMPDIR", dir.c_str(), 1);
    std::vector<assessment::Answer> answers;
    auto v = view(answers);
    std::string bytes = results_xlsx(build_results(v));
    if (before) {
        setenv("TMPDIR", saved.c_str(), 1);
    } else {
        unsetenv("TMPDIR");
    }
    EXPECT_EQ(bytes.substr(0, 2), "PK");  // a zip container
    EXPECT_TRUE(fs::is_empty(dir));
    fs::remove_all(dir);
}

class PlacementXlsxTest : public ResultsXlsxTest {
  protected:
    SessionPlacement placement() const {
        SessionPlacement p;
        p.roadmap = roadmap_.get();
        p.organization = "Lincoln County Schools";
        p.title = "Board retreat";
        p.school_year = "2026-27";
        p.audience = "district";
        p.content_version = "0.1.0";
        p.closed_at = "2026-11-20T16:00:00Z";
        p.participants = 7;
        PlacementElement agreed;
        agreed.position = 1;
        agreed.element = roadmap_->element("tech.records");
        assessment::Consensus counts;
        counts.per_stage = {0, 5, 1, 0};
        counts.not_sure = 1;
        agreed.totals = assessment::summarize(counts);
        agreed.outcome = "agreed";
        agreed.agreed_stage = 1;
        agreed.rationale = "Most of us saw pilots, not policy";
        agreed.dissent = "-One member saw more";
        PlacementElement hidden;
        hidden.position = 2;
        hidden.element = roadmap_->element("policy.credit");
        p.elements = {agreed, hidden};
        return p;
    }
};

TEST_F(PlacementXlsxTest, HasTheGroupsTotalsAndDecisionsPerElement) {
    REQUIRE_OPENPYXL();
    auto sheet = testing::read_xlsx(placement_xlsx(placement()));
    EXPECT_EQ(text_at(sheet, 0, 0), "Agreed placement: Board retreat");
    EXPECT_EQ(heading_value(sheet, "Organization")->value.as_string(), "Lincoln County Schools");
    EXPECT_EQ(heading_value(sheet, "School year")->value.as_string(), "2026-27");
    EXPECT_EQ(heading_value(sheet, "Participants")->value.to_number<double>(), 7.0);
    EXPECT_TRUE(heading_value(sheet, "Closed")->is_date);
    EXPECT_EQ(heading_value(sheet, "Closed")->value.as_string(), "2026-11-20");

    auto header = sheet.row_starting("Area");
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(sheet.frozen_at, "A" + std::to_string(*header + 2));
    auto col = [&](const std::string& name) {
        auto c = sheet.column(*header, name);
        if (!c) ADD_FAILURE() << "no column " << name;
        return c.value_or(0);
    };
    size_t row = *header + 1;
    EXPECT_EQ(text_at(sheet, row, col("Agreed stage")), "Developing");
    EXPECT_EQ(text_at(sheet, row, col("Next stage")), "Scaling");
    EXPECT_EQ(text_at(sheet, row, col("Rationale")), "Most of us saw pilots, not policy");
    EXPECT_EQ(text_at(sheet, row, col("Dissent")), "'-One member saw more");
    EXPECT_EQ(sheet.at(row, col("Entry")).value.to_number<double>(), 0.0);
    EXPECT_EQ(sheet.at(row, col("Developing")).value.to_number<double>(), 5.0);
    EXPECT_EQ(sheet.at(row, col("Scaling")).value.to_number<double>(), 1.0);
    EXPECT_EQ(sheet.at(row, col("Not sure")).value.to_number<double>(), 1.0);
    EXPECT_EQ(sheet.at(row, col("Counted")).value.to_number<double>(), 7.0);
    EXPECT_EQ(text_at(sheet, row, col("Median stage")), "Developing");
    EXPECT_EQ(text_at(sheet, row, col("Verdict")), "Agreement");

    // Never revealed: no counts at all (empty, not zero) and not decided.
    size_t hidden = row + 1;
    EXPECT_EQ(text_at(sheet, hidden, col("Agreed stage")), "Not decided");
    EXPECT_TRUE(sheet.at(hidden, col("Developing")).value.is_null());
    EXPECT_TRUE(sheet.at(hidden, col("Counted")).value.is_null());
    EXPECT_EQ(text_at(sheet, hidden, col("Verdict")), "Not revealed");
}

TEST_F(ResultsXlsxTest, PlanHasOneRowPerActionWithDueDatesAsDates) {
    REQUIRE_OPENPYXL();
    PlanSheet plan;
    plan.title = "Action plan: Springfield";
    plan.organization = "Lincoln County Schools";
    plan.school_year = "2026-27";
    plan.updated_at = "2026-11-27T09:00:00Z";
    plan.priorities = {"Learner records"};
    plan.actions = {{"Learner records", "Technology", "Pilot a shared record", "Ana Ruiz",
                     "2027-03-31", "Scaling", "In progress", "+1 from the board"},
                    {"Credit flexibility", "Technology Policy", "Draft a seat-time waiver", "", "",
                     "", "Not started", ""}};
    auto sheet = testing::read_xlsx(plan_xlsx(plan));
    EXPECT_EQ(sheet.sheet_names, std::vector<std::string>{"Action plan"});
    EXPECT_EQ(heading_value(sheet, "Priorities")->value.as_string(), "Learner records");
    EXPECT_TRUE(heading_value(sheet, "Last changed")->is_date);
    auto header = sheet.row_starting("Element");
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(sheet.frozen_at, "A" + std::to_string(*header + 2));
    auto due = sheet.column(*header, "Due date");
    auto notes = sheet.column(*header, "Notes");
    ASSERT_TRUE(due && notes);
    EXPECT_TRUE(sheet.at(*header + 1, *due).is_date);
    EXPECT_EQ(sheet.at(*header + 1, *due).value.as_string(), "2027-03-31");
    EXPECT_EQ(text_at(sheet, *header + 1, *notes), "'+1 from the board");
    EXPECT_TRUE(sheet.at(*header + 2, *due).value.is_null());
    EXPECT_EQ(text_at(sheet, *header + 2, 0), "Credit flexibility");
}

}  // namespace cbe::report
