// The migration runner runs a file statement by statement as SQLite reads statements: a ';'
// inside a string or a trigger body does not split one, and comments between statements are
// skipped.
#include "store/migrations.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/database.hpp"

namespace cbe::store {

TEST(Migrations, StatementsEndWhereSqliteSaysTheyEnd) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("cbe-mig-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "0001_test.sql")
        << "-- a comment between statements\n"
           "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT,\n"
           "  changes INTEGER NOT NULL DEFAULT 0);\n"
           "INSERT INTO notes (body) VALUES ('one; two;\n"
           "three;');\n"
           "CREATE TRIGGER count_changes AFTER UPDATE ON notes\n"
           "BEGIN\n"
           "  UPDATE notes SET changes = changes + 1 WHERE id = NEW.id;\n"
           "END;\n";
    auto db = Database::open_sqlite((dir / "test.db").string(), 1).value();
    ASSERT_EQ(migrate(*db, dir.string(), 1).value(), 1);
    auto lease = db->lease().value();
    std::string body;
    lease.session() << "SELECT body FROM notes", soci::into(body);
    EXPECT_EQ(body, "one; two;\nthree;");
    lease.session() << "UPDATE notes SET body = 'four' WHERE id = 1";
    int changes = 0;
    lease.session() << "SELECT changes FROM notes", soci::into(changes);
    EXPECT_EQ(changes, 1);
    fs::remove_all(dir);
}

// Two branches that each added "the next" migration, merged: the runner refuses to pick one.
TEST(Migrations, TwoMigrationsWithOneNumberAreRefused) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("cbe-mig-twice-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "0001_one.sql") << "CREATE TABLE one (id INTEGER);\n";
    std::ofstream(dir / "0001_other.sql") << "CREATE TABLE other (id INTEGER);\n";
    auto db = Database::open_sqlite((dir / "test.db").string(), 1).value();
    auto migrated = migrate(*db, dir.string(), 1);
    ASSERT_FALSE(migrated);
    EXPECT_NE(migrated.error().message.find("two migrations are numbered 1"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace cbe::store
