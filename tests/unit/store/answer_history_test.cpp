// Answers are never silently overwritten: a save that changes an answer keeps the earlier value
// in answer_history, in the same transaction as the save (docs/assessment.md, "Answer history").
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>
#include <random>

#include "store/assessment_repository.hpp"
#include "store/migrations.hpp"

namespace cbe::store {

class AnswerHistoryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-history-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        db_ = Database::open_sqlite((dir_ / "test.db").string(), 2).value();
        ASSERT_TRUE(migrate(*db_, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite"));
        repo_ = std::make_unique<AssessmentRepository>(db_);
        id_ = repo_->create("h", "district", "", "1.0.0", "2026-09-01T00:00:00Z", "2026-27")
                  .value()
                  .id;
    }
    void TearDown() override {
        repo_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    static assessment::Answer answer(const std::string& choice, const std::string& note = "") {
        return {"tech.records", *assessment::Choice::parse(choice), note};
    }
    std::filesystem::path dir_;
    std::shared_ptr<Database> db_;
    std::unique_ptr<AssessmentRepository> repo_;
    long long id_ = 0;
};

TEST_F(AnswerHistoryTest, AChangedAnswerKeepsTheEarlierValue) {
    ASSERT_TRUE(repo_->save_answer(id_, answer("entry", "first"), "2026-09-02T00:00:00Z"));
    EXPECT_TRUE(repo_->history(id_).value().empty());  // a first answer replaces nothing
    ASSERT_TRUE(repo_->save_answer(id_, answer("scaling", "second"), "2026-10-01T00:00:00Z"));
    ASSERT_TRUE(repo_->save_answer(id_, answer("scaling", "third"), "2026-11-01T00:00:00Z"));

    auto history = repo_->history(id_).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].element_id, "tech.records");
    EXPECT_EQ(history[0].choice, "entry");
    EXPECT_EQ(history[0].note, "first");
    EXPECT_EQ(history[0].answered_at, "2026-09-02T00:00:00Z");
    EXPECT_EQ(history[0].replaced_at, "2026-10-01T00:00:00Z");
    EXPECT_EQ(history[1].choice, "scaling");  // a changed note alone is a change too
    EXPECT_EQ(history[1].note, "second");
    EXPECT_EQ(repo_->answers(id_).value().at(0).note, "third");
}

TEST_F(AnswerHistoryTest, SavingTheSameAnswerAgainKeepsNothing) {
    ASSERT_TRUE(repo_->save_answer(id_, answer("developing", "same"), "2026-09-02T00:00:00Z"));
    ASSERT_TRUE(repo_->save_answer(id_, answer("developing", "same"), "2026-09-03T00:00:00Z"));
    EXPECT_TRUE(repo_->history(id_).value().empty());
}

TEST_F(AnswerHistoryTest, AFailedSaveKeepsNeitherTheNewValueNorTheHistoryRow) {
    ASSERT_TRUE(repo_->save_answer(id_, answer("entry", "first"), "2026-09-02T00:00:00Z"));
    {
        // The save's last statement (touching the assessment) fails, after the history row and
        // the new answer were written: the transaction must take both back.
        auto lease = db_->lease().value();
        lease.session() << "CREATE TRIGGER refuse_touch BEFORE UPDATE ON assessments "
                           "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END";
    }
    auto failed = repo_->save_answer(id_, answer("transforming", "lost"), "2026-10-01T00:00:00Z");
    ASSERT_FALSE(failed);
    EXPECT_TRUE(repo_->history(id_).value().empty());
    auto answers = repo_->answers(id_).value();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].choice.id(), "entry");
    EXPECT_EQ(answers[0].note, "first");
}

TEST_F(AnswerHistoryTest, DeletingTheAssessmentDeletesItsHistory) {
    ASSERT_TRUE(repo_->save_answer(id_, answer("entry"), "2026-09-02T00:00:00Z"));
    ASSERT_TRUE(repo_->save_answer(id_, answer("scaling"), "2026-09-03T00:00:00Z"));
    ASSERT_TRUE(repo_->remove(id_));
    int rows = -1;
    auto lease = db_->lease().value();
    lease.session() << "SELECT COUNT(*) FROM answer_history", soci::into(rows);
    EXPECT_EQ(rows, 0);
}

TEST_F(AnswerHistoryTest, TheSchoolYearIsStoredAndCanBeChanged) {
    auto made = repo_->find_by_id(id_).value();
    EXPECT_EQ(made.school_year, "2026-27");
    ASSERT_TRUE(repo_->set_school_year(id_, "2025-26", "2026-09-05T00:00:00Z"));
    auto changed = repo_->find_by_id(id_).value();
    EXPECT_EQ(changed.school_year, "2025-26");
    EXPECT_GT(changed.revision, made.revision);  // pages rendered before are stale
    EXPECT_EQ(repo_->set_school_year(999, "2025-26", "t").error().code, ErrorCode::kNotFound);
}

}  // namespace cbe::store
