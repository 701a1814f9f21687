#include "store/account_repository.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/migrations.hpp"

namespace cbe::store {

class AccountStore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-acc-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        db_ = Database::open_sqlite((dir_ / "t.db").string(), 2).value();
        migrate(*db_, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite").value();
        repo_ = std::make_unique<AccountRepository>(db_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
    std::shared_ptr<Database> db_;
    std::unique_ptr<AccountRepository> repo_;
};

TEST_F(AccountStore, UsersAreUniqueByEmail) {
    auto ada = repo_->create_user("ada@example.org", "Ada", "$argon2id$x", "t");
    ASSERT_TRUE(ada);
    EXPECT_EQ(repo_->find_user("ada@example.org")->name, "Ada");
    EXPECT_EQ(repo_->create_user("ada@example.org", "Other", "h", "t").error().code,
              ErrorCode::kConflict);
    EXPECT_EQ(repo_->find_user("bob@example.org").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(repo_->create_session("s1", ada->id, "t"));
    ASSERT_TRUE(repo_->disable_user(ada->id, "t"));
    EXPECT_TRUE(repo_->user(ada->id)->disabled);
    EXPECT_EQ(repo_->session("s1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(repo_->disable_user(ada->id + 1, "t").error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStore, SessionsAreCreatedTouchedAndEnded) {
    auto ada = repo_->create_user("ada@example.org", "Ada", "h", "t").value();
    ASSERT_TRUE(repo_->create_session("s1", ada.id, "2026-01-01T00:00:00Z"));
    ASSERT_TRUE(repo_->create_session("s2", ada.id, "2026-01-01T00:00:00Z"));
    ASSERT_TRUE(repo_->touch_session("s1", "2026-01-01T01:00:00Z"));
    EXPECT_EQ(repo_->session("s1")->last_seen_at, "2026-01-01T01:00:00Z");
    ASSERT_TRUE(repo_->delete_session("s1"));
    EXPECT_EQ(repo_->session("s1").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(repo_->delete_sessions_of(ada.id));
    EXPECT_EQ(repo_->session("s2").error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStore, FailuresCountUpAndClear) {
    EXPECT_EQ(repo_->record_failure("email:a", "t1").value(), 1);
    EXPECT_EQ(repo_->record_failure("email:a", "t2").value(), 2);
    EXPECT_EQ(repo_->failures("email:a").value()->first, 2);
    EXPECT_EQ(repo_->failures("email:a").value()->second, "t2");
    ASSERT_TRUE(repo_->clear_failures("email:a"));
    EXPECT_FALSE(repo_->failures("email:a").value().has_value());
}

TEST_F(AccountStore, AuditEntriesAreKeptNewestFirst) {
    auto ada = repo_->create_user("ada@example.org", "Ada", "h", "t").value();
    ASSERT_TRUE(repo_->audit({"t1", "sign-in", ada.id, "", "127.0.0.1", 0}));
    ASSERT_TRUE(repo_->audit({"t2", "sign-out", ada.id, "", "127.0.0.1", 0}));
    ASSERT_TRUE(repo_->audit({"t3", "sign-in-failed", 0, "nobody@example.org", "10.0.0.1", 0}));
    auto entries = repo_->audit_entries(ada.id, 10).value();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].entry.event, "sign-out");
    EXPECT_EQ(entries[0].actor, "Ada");
    EXPECT_EQ(entries[1].entry.at, "t1");
    EXPECT_EQ(entries[1].entry.address, "127.0.0.1");
    EXPECT_LT(entries[1].id, entries[0].id);
}

}  // namespace cbe::store
