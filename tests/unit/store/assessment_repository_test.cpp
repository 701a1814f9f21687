#include "store/assessment_repository.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>
#include <random>

#include "content/loader.hpp"
#include "store/content_snapshots.hpp"
#include "store/migrations.hpp"

namespace cbe::store {

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-store-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        db_ = Database::open_sqlite((dir_ / "test.db").string(), 2).value();
        ASSERT_EQ(migrate(*db_, migrations_dir()).value(), kSchemaVersion);
        repo_ = std::make_unique<AssessmentRepository>(db_);
    }
    void TearDown() override {
        repo_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    static std::string migrations_dir() {
        return std::string(CBE_SOURCE_DIR) + "/migrations/sqlite";
    }
    static assessment::Answer answer(const std::string& element, const std::string& choice,
                                     const std::string& note = "") {
        return {element, *assessment::Choice::parse(choice), note};
    }
    std::filesystem::path dir_;
    std::shared_ptr<Database> db_;
    std::unique_ptr<AssessmentRepository> repo_;
};

TEST_F(StoreTest, MigrateIsIdempotentAndTheSchemaChecksOut) {
    EXPECT_EQ(migrate(*db_, migrations_dir()).value(), kSchemaVersion);
    EXPECT_TRUE(check_schema(*db_));
}

TEST_F(StoreTest, ANewerDatabaseIsRefused) {
    {
        auto lease = db_->lease().value();
        lease.session() << "INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES (99, 'future', 'now')";
    }
    auto checked = check_schema(*db_);
    ASSERT_FALSE(checked);
    EXPECT_NE(checked.error().message.find("newer than this program"), std::string::npos);
}

TEST_F(StoreTest, AnEmptyDatabaseAsksForMigrate) {
    auto empty = Database::open_sqlite((dir_ / "empty.db").string(), 1).value();
    auto checked = check_schema(*empty);
    ASSERT_FALSE(checked);
    EXPECT_NE(checked.error().message.find("roadmap migrate"), std::string::npos);
}

TEST_F(StoreTest, CreatesAndFindsByTokenHash) {
    auto created = repo_->create("hash-1", "state", "Maine", "1.0.0", "2026-01-01T00:00:00Z");
    ASSERT_TRUE(created);
    EXPECT_GT(created->id, 0);
    auto found = repo_->find("hash-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->label, "Maine");
    EXPECT_EQ(found->audience, "state");
    EXPECT_EQ(found->content_version, "1.0.0");
    EXPECT_EQ(repo_->find("hash-2").error().code, ErrorCode::kNotFound);
}

TEST_F(StoreTest, SavingAnAnswerTwiceReplacesItAndTouchesTheAssessment) {
    auto a = repo_->create("h", "district", "", "1.0.0", "2026-01-01T00:00:00Z").value();
    ASSERT_TRUE(
        repo_->save_answer(a.id, answer("tech.records", "entry", "first"), "2026-01-02T00:00:00Z"));
    ASSERT_TRUE(repo_->save_answer(a.id, answer("tech.records", "scaling", "second"),
                                   "2026-01-03T00:00:00Z"));
    ASSERT_TRUE(
        repo_->save_answer(a.id, answer("policy.credit", "not-sure"), "2026-01-03T00:00:00Z"));
    auto answers = repo_->answers(a.id).value();
    ASSERT_EQ(answers.size(), 2u);
    for (const auto& x : answers) {
        if (x.element_id == "tech.records") {
            EXPECT_EQ(x.choice.id(), "scaling");
            EXPECT_EQ(x.note, "second");
        }
    }
    EXPECT_EQ(repo_->find("h")->updated_at, "2026-01-03T00:00:00Z");
}

TEST_F(StoreTest, HostileTextIsStoredVerbatim) {
    auto a = repo_->create("h", "district", "'); DROP TABLE answers; --", "1.0.0", "t").value();
    std::string note = "<script>alert(1)</script> ' \" ; -- \\ 🎓";
    ASSERT_TRUE(repo_->save_answer(a.id, answer("tech.records", "entry", note), "t"));
    EXPECT_EQ(repo_->find("h")->label, "'); DROP TABLE answers; --");
    EXPECT_EQ(repo_->answers(a.id)->front().note, note);
}

TEST_F(StoreTest, DeletingRemovesTheAnswersToo) {
    auto a = repo_->create("h", "district", "", "1.0.0", "t").value();
    ASSERT_TRUE(repo_->save_answer(a.id, answer("tech.records", "entry"), "t"));
    ASSERT_TRUE(repo_->remove(a.id));
    EXPECT_EQ(repo_->find("h").error().code, ErrorCode::kNotFound);
    int left = -1;
    auto lease = db_->lease().value();
    lease.session() << "SELECT COUNT(*) FROM answers", soci::into(left);
    EXPECT_EQ(left, 0);
}

TEST_F(StoreTest, ContentSnapshotsRoundTripAndReportReplacement) {
    ContentSnapshots snapshots(db_);
    content::ContentFiles files{{"roadmap.yaml", "version: 0.9.0\n"}, {"elements/x.yaml", "é"}};
    EXPECT_EQ(snapshots.save("0.9.0", "f1", files, "t").value(), false);
    EXPECT_EQ(snapshots.save("0.9.0", "f1", files, "t").value(), false);  // same bytes: kept
    EXPECT_EQ(snapshots.load("0.9.0").value(), files);
    files["elements/x.yaml"] = "changed";
    EXPECT_EQ(snapshots.save("0.9.0", "f2", files, "t").value(), true);  // replaced
    EXPECT_EQ(snapshots.load("0.9.0")->at("elements/x.yaml"), "changed");
    EXPECT_EQ(snapshots.load("2.0.0").error().code, ErrorCode::kNotFound);
}

}  // namespace cbe::store
