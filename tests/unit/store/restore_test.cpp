// `roadmap restore` checks the candidate before it touches the live database: an empty file, an
// unrelated SQLite file, a newer or incomplete CBE Roadmap database are refused and the live data
// stays; a good copy replaces the database in one step, and a -wal left by a killed server is
// never replayed into the restored file.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace cbe::store {

namespace fs = std::filesystem;

namespace {

const std::string kMigrations = std::string(CBE_SOURCE_DIR) + "/migrations/sqlite";

void execute(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

class Restore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("cbe-restore-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        live_ = (dir_ / "roadmap.db").string();
        make_database(live_, "live");
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A database at the current schema whose one content snapshot is called `marker`.
    static void make_database(const std::string& path, const std::string& marker) {
        {
            auto db = Database::open_sqlite(path, 1).value();
            ASSERT_EQ(migrate(*db, kMigrations).value(), kSchemaVersion);
        }
        execute(path,
                "INSERT INTO content_snapshots (version, fingerprint, files, created_at) "
                "VALUES ('" +
                    marker + "', 'f', '{}', '2026-01-01')");
    }

    // The markers in the live database, read as the server would (its -wal included).
    std::string live_marker() const {
        auto db = Database::open_sqlite(live_, 1).value();
        auto lease = db->lease().value();
        std::string marker;
        lease.session() << "SELECT group_concat(version) FROM content_snapshots",
            soci::into(marker);
        return marker;
    }

    // Refused with a reason that contains `reason`, and the live data is untouched.
    void expect_refused(const fs::path& candidate, const std::string& reason) {
        auto restored = restore_database(candidate.string(), live_, kMigrations);
        ASSERT_FALSE(restored) << candidate << " was restored";
        EXPECT_NE(restored.error().message.find(reason), std::string::npos)
            << restored.error().message;
        EXPECT_EQ(live_marker(), "live");
        EXPECT_FALSE(fs::exists(live_ + ".restoring"));
        EXPECT_FALSE(fs::exists(live_ + ".previous"));
    }

    fs::path dir_;
    std::string live_;
};

}  // namespace

TEST_F(Restore, AnEmptyFileIsRefusedAndTheDatabaseStays) {
    std::ofstream(dir_ / "empty.db").close();
    expect_refused(dir_ / "empty.db", "not a CBE Roadmap database");
}

TEST_F(Restore, AFileThatIsNotSqliteIsRefused) {
    std::ofstream(dir_ / "junk.db") << std::string(8192, 'x');
    expect_refused(dir_ / "junk.db", "not an SQLite database");
}

TEST_F(Restore, AnUnrelatedSqliteDatabaseIsRefused) {
    execute(dir_ / "other.db",
            "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);"
            "INSERT INTO photos (name) VALUES ('beach')");
    expect_refused(dir_ / "other.db", "not a CBE Roadmap database");
}

TEST_F(Restore, ADatabaseNewerThanThisProgramIsRefused) {
    make_database((dir_ / "newer.db").string(), "newer");
    execute(dir_ / "newer.db",
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                std::to_string(kSchemaVersion + 1) + ", 'future.sql', '2030-01-01')");
    expect_refused(dir_ / "newer.db", "newer than this program");
}

TEST_F(Restore, ADatabaseLackingATableOfItsVersionIsRefused) {
    make_database((dir_ / "partial.db").string(), "partial");
    execute(dir_ / "partial.db", "DROP TABLE answers");
    expect_refused(dir_ / "partial.db", "lacks tables");
}

TEST_F(Restore, ACorruptDatabaseIsRefused) {
    make_database((dir_ / "corrupt.db").string(), "corrupt");
    // Overwrite pages past the header: SQLite's integrity check finds the damage.
    {
        std::fstream file(dir_ / "corrupt.db", std::ios::in | std::ios::out | std::ios::binary);
        constexpr std::streamoff kPage = 4096;
        file.seekp(kPage * 3);
        file << std::string(size_t{4096} * 2, '\x7f');
    }
    auto restored = restore_database((dir_ / "corrupt.db").string(), live_, kMigrations);
    ASSERT_FALSE(restored);
    EXPECT_EQ(live_marker(), "live");
}

TEST_F(Restore, AGoodCopyReplacesTheDatabaseAndLeavesNoSideFiles) {
    make_database((dir_ / "copy.db").string(), "copy");
    auto restored = restore_database((dir_ / "copy.db").string(), live_, kMigrations);
    ASSERT_TRUE(restored) << restored.error().message;
    EXPECT_EQ(*restored, kSchemaVersion);
    EXPECT_EQ(live_marker(), "copy");
    for (const char* left : {".restoring", ".previous", ".previous-wal", ".restoring-wal"}) {
        EXPECT_FALSE(fs::exists(live_ + left)) << left;
    }
}

TEST_F(Restore, AnOlderSchemaIsRestoredForMigrateToUpgrade) {
    {
        auto db = Database::open_sqlite((dir_ / "old.db").string(), 1).value();
        ASSERT_EQ(migrate(*db, kMigrations, kSchemaVersion - 1).value(), kSchemaVersion - 1);
    }
    auto restored = restore_database((dir_ / "old.db").string(), live_, kMigrations);
    ASSERT_TRUE(restored) << restored.error().message;
    EXPECT_EQ(*restored, kSchemaVersion - 1);
}

// A server killed with writes still in its -wal leaves that file beside the database. It belongs
// to the old file: replayed into the restored one it would overwrite the restored pages.
TEST_F(Restore, AWalLeftByAKilledServerIsNotReplayedIntoTheRestoredFile) {
    make_database((dir_ / "copy.db").string(), "copy");
    const fs::path crashed = dir_ / "crashed";
    fs::create_directories(crashed);
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(live_.c_str(), &db), SQLITE_OK);
        const std::string write =
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
            "UPDATE content_snapshots SET version = 'crashed', files = '" +
            std::string(20000, 'w') + "';";
        ASSERT_EQ(sqlite3_exec(db, write.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        // What a crash leaves: the files as they are while the connection is open.
        fs::copy_file(live_, crashed / "roadmap.db");
        fs::copy_file(live_ + "-wal", crashed / "roadmap.db-wal");
        sqlite3_close(db);
    }
    live_ = (crashed / "roadmap.db").string();
    ASSERT_GT(fs::file_size(live_ + "-wal"), 0U);
    auto restored = restore_database((dir_ / "copy.db").string(), live_, kMigrations);
    ASSERT_TRUE(restored) << restored.error().message;
    EXPECT_FALSE(fs::exists(live_ + "-wal"));
    EXPECT_EQ(live_marker(), "copy");
    auto db = Database::open_sqlite(live_, 1).value();
    auto lease = db->lease().value();
    std::string integrity;
    lease.session() << "PRAGMA integrity_check", soci::into(integrity);
    EXPECT_EQ(integrity, "ok");
}

}  // namespace cbe::store
