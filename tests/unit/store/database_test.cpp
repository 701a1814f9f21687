// The session pool after failures: a save that fails because another process holds SQLite's
// write lock must leave no session behind in an old snapshot (issue 15, item 1).
#include "store/database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "store/account_repository.hpp"
#include "store/assessment_repository.hpp"
#include "store/migrations.hpp"
#include "store/organization_repository.hpp"
#include "store/plan_repository.hpp"
#include "store/share_link_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::store {

namespace {

constexpr size_t kPool = 3;
constexpr std::chrono::milliseconds kBusyTimeout{100};

// Another process's connection to the same file: holds the write lock while it lives, for a
// change of its own that it commits at the end.
class WriteLockHolder {
  public:
    explicit WriteLockHolder(const std::string& path) {
        EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(db_, "UPDATE assessments SET label = 'other process'", nullptr,
                               nullptr, nullptr),
                  SQLITE_OK);
    }
    ~WriteLockHolder() {
        EXPECT_EQ(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db_);
    }

  private:
    sqlite3* db_ = nullptr;
};

}  // namespace

class DatabaseFailures : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-db-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        db_ = Database::open_sqlite(path(), kPool, kBusyTimeout).value();
        ASSERT_EQ(migrate(*db_, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite").value(),
                  kSchemaVersion);
        repo_ = std::make_unique<AssessmentRepository>(db_);
        id_ = repo_->create("h", "district", "", "1.0.0", "t0").value().id;
    }
    void TearDown() override {
        repo_.reset();
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::string path() const { return (dir_ / "t.db").string(); }
    Result<void> save(const std::string& note) {
        return repo_->save_answer(id_, {"tech.records", *assessment::Choice::parse("entry"), note},
                                  "t1");
    }
    // Runs `work` with only session `slot` free, so the repository has to use that one.
    template <typename Work>
    void on_slot(size_t slot, Work work) {
        std::vector<Database::Lease> held;
        std::vector<Database::Lease> wanted;
        for (size_t i = 0; i < kPool; ++i) {
            auto lease = db_->lease().value();
            (lease.slot() == slot ? wanted : held).push_back(std::move(lease));
        }
        wanted.clear();
        work();
    }
    std::filesystem::path dir_;
    std::shared_ptr<Database> db_;
    std::unique_ptr<AssessmentRepository> repo_;
    long long id_ = 0;
};

TEST_F(DatabaseFailures, SavesThatFailOnALockedDatabaseLeaveEverySessionCurrent) {
    for (size_t slot = 0; slot < kPool; ++slot) {
        on_slot(slot, [&] { ASSERT_TRUE(save("before")); });  // statements prepared on each
    }
    {
        WriteLockHolder other(path());
        for (size_t slot = 0; slot < kPool; ++slot) {
            on_slot(slot, [&] {
                auto saved = save("while locked");
                ASSERT_FALSE(saved);
                EXPECT_EQ(saved.error().code, ErrorCode::kUnavailable);
                EXPECT_TRUE(repo_->answers(id_));  // reading goes on (a results page)
            });
        }
    }
    for (size_t slot = 0; slot < kPool; ++slot) {
        on_slot(slot, [&] { EXPECT_TRUE(save("after " + std::to_string(slot))); });
    }
    // Every session, leased at once, reads the last acknowledged save and can still write.
    std::vector<Database::Lease> all;
    for (size_t i = 0; i < kPool; ++i) all.push_back(db_->lease().value());
    for (auto& lease : all) {
        std::string note, label;
        lease.session() << "SELECT note FROM answers WHERE assessment_id = :id", soci::use(id_),
            soci::into(note);
        lease.session() << "SELECT label FROM assessments WHERE id = :id", soci::use(id_),
            soci::into(label);
        EXPECT_EQ(note, "after " + std::to_string(kPool - 1)) << "session " << lease.slot();
        EXPECT_EQ(label, "other process") << "session " << lease.slot();
        auto write = [&] {
            lease.session() << "UPDATE assessments SET updated_at = 't2' WHERE id = :id",
                soci::use(id_);
        };
        EXPECT_NO_THROW(write()) << "session " << lease.slot();
    }
    all.clear();
    // No session holds an old snapshot: a checkpoint empties the write-ahead log.
    auto lease = db_->lease().value();
    int busy = -1, log_frames = -1, checkpointed = -1;
    lease.session() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log_frames),
        soci::into(checkpointed);
    EXPECT_EQ(busy, 0);
    EXPECT_EQ(log_frames, 0);
    EXPECT_GE(db_->pool_stats().settled, kPool);
}

// The repositories added later (team sessions, plans, share links) go through the same pool:
// a rating, a plan change or a new share link that fails on a locked database, in a
// transaction or a one-line `sql << ... into()`, leaves no session behind either. They keep no
// statement between leases (each is finalized when its call ends), so they hold even without the
// pool's settling; this keeps them so if one of them starts caching prepared statements.
TEST_F(DatabaseFailures, RatingsPlansAndShareLinksThatFailWhileLockedLeaveThePoolHealthy) {
    long long org = OrganizationRepository(db_).create("Portland", "district", 0, "t").value().id;
    long long fay = AccountRepository(db_).create_user("f@example.org", "Fay", "h", "t").value().id;
    TeamSessionRepository sessions(db_);
    long long session =
        sessions
            .create(
                {org, fay, "Fall", "2026-27", "district", "1.0.0", "123456", {"tech.a", "tech.b"}},
                "t")
            .value()
            .id;
    long long kim = sessions.join(session, "kim-hash", "Kim", 40, "t").value().id;
    PlanRepository plans(db_);
    ShareLinkRepository shares(db_);
    const PlanSubjectKey subject{id_, 0};
    ActionFields action;
    action.element_id = "tech.records";
    action.description = "Brief the board";
    auto rate = [&](const std::string& note) {
        return sessions.rate(kim, "tech.a", "developing", note, "t1");
    };
    for (size_t slot = 0; slot < kPool; ++slot) {
        on_slot(slot, [&] {
            ASSERT_TRUE(rate("before"));
            ASSERT_TRUE(plans.add_action(subject, action, 100, "t1"));
        });
    }
    {
        WriteLockHolder other(path());
        for (size_t slot = 0; slot < kPool; ++slot) {
            on_slot(slot, [&] {
                auto rated = rate("while locked");
                ASSERT_FALSE(rated);
                EXPECT_EQ(rated.error().code, ErrorCode::kUnavailable);
                auto added = plans.add_action(subject, action, 100, "t1");
                ASSERT_FALSE(added);
                EXPECT_EQ(added.error().code, ErrorCode::kUnavailable);
                EXPECT_FALSE(plans.set_priorities(subject, {"tech.records"}, "t1"));
                EXPECT_FALSE(
                    shares.create("share-" + std::to_string(slot), subject, fay, 10, "t1"));
                EXPECT_TRUE(sessions.own_ratings(kim));  // reading goes on (a phone's page)
                EXPECT_TRUE(plans.find(subject));
            });
        }
    }
    for (size_t slot = 0; slot < kPool; ++slot) {
        on_slot(slot, [&] {
            EXPECT_TRUE(rate("after " + std::to_string(slot)));
            EXPECT_TRUE(plans.add_action(subject, action, 100, "t1"));
            EXPECT_TRUE(shares.create("share-" + std::to_string(slot), subject, fay, 10, "t1"));
        });
    }
    // Every session, leased at once, sees the last rating, every action and the other
    // process's commit.
    std::vector<Database::Lease> all;
    for (size_t i = 0; i < kPool; ++i) all.push_back(db_->lease().value());
    for (auto& lease : all) {
        std::string note, label;
        long long actions = 0;
        lease.session() << "SELECT note FROM team_ratings WHERE participant_id = :id",
            soci::use(kim), soci::into(note);
        lease.session() << "SELECT COUNT(*) FROM plan_actions", soci::into(actions);
        lease.session() << "SELECT label FROM assessments WHERE id = :id", soci::use(id_),
            soci::into(label);
        EXPECT_EQ(note, "after " + std::to_string(kPool - 1)) << "session " << lease.slot();
        EXPECT_EQ(actions, static_cast<long long>(2 * kPool)) << "session " << lease.slot();
        EXPECT_EQ(label, "other process") << "session " << lease.slot();
    }
    all.clear();
    auto lease = db_->lease().value();
    int busy = -1, log_frames = -1, checkpointed = -1;
    lease.session() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log_frames),
        soci::into(checkpointed);
    EXPECT_EQ(busy, 0);
    EXPECT_EQ(log_frames, 0);
}

TEST_F(DatabaseFailures, ATransactionLeftOpenIsRolledBackWhenTheSessionGoesBack) {
    {
        auto lease = db_->lease().value();
        lease.session() << "BEGIN";
        lease.session() << "UPDATE assessments SET label = 'never' WHERE id = :id", soci::use(id_);
    }  // given back mid-transaction: settled, not handed on with the write lock
    std::string label;
    {
        auto lease = db_->lease().value();
        lease.session() << "SELECT label FROM assessments WHERE id = :id", soci::use(id_),
            soci::into(label);
    }
    EXPECT_EQ(label, "");
    EXPECT_TRUE(save("still writable"));
}

}  // namespace cbe::store
