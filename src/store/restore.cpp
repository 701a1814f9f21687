// `roadmap restore`: every check runs on the candidate before the live database is touched, and
// the swap is one rename (docs/operations.md, "Backups and restores").
#include <fcntl.h>
#include <soci/soci.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <set>

#include "store/backup.hpp"
#include "store/detail/sqlite_file.hpp"
#include "store/migrations.hpp"

namespace cbe::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTables = "SELECT name FROM sqlite_master WHERE type = 'table'";
constexpr const char* kVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
// Files SQLite keeps beside a database. A hot -wal or -journal left by a server that was killed
// belongs to the old file: beside the restored one SQLite would replay it into the wrong pages.
constexpr std::array<const char*, 2> kReplayedSideFiles = {"-wal", "-journal"};
constexpr const char* kSharedMemory = "-shm";  // rebuilt from the -wal; never replayed

std::set<std::string> table_names(detail::SqliteFile& c) {
    std::set<std::string> names;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(c.db, kTables, -1, &statement, nullptr) != SQLITE_OK) return names;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        names.emplace(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    }
    sqlite3_finalize(statement);
    return names;
}

int recorded_version(detail::SqliteFile& c) {
    sqlite3_stmt* statement = nullptr;
    int version = 0;
    if (sqlite3_prepare_v2(c.db, kVersion, -1, &statement, nullptr) != SQLITE_OK) return 0;
    if (sqlite3_step(statement) == SQLITE_ROW) version = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return version;
}

// The tables a database at `version` has: a scratch database in memory, migrated that far.
Result<std::set<std::string>> expected_tables(const std::string& migrations_dir, int version) {
    auto scratch = Database::open_sqlite(":memory:", 1);
    if (!scratch) return tl::unexpected(scratch.error());
    if (auto reached = migrate(**scratch, migrations_dir, version); !reached) {
        return tl::unexpected(reached.error());
    }
    auto lease = (*scratch)->lease();
    if (!lease) return tl::unexpected(lease.error());
    std::set<std::string> names;
    soci::rowset<std::string> rows = lease->session().prepare << kTables;
    for (const auto& name : rows) names.insert(name);
    return names;
}

// Everything a file must be to become the database: sound, CBE Roadmap's, at a schema version
// this program knows, with every table that version has. `name` is how errors call the file.
Result<int> check_candidate(const std::string& path, const std::string& name,
                            const std::string& migrations_dir) {
    detail::SqliteFile c;
    if (auto ok = detail::open_file(c, path, SQLITE_OPEN_READONLY); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = detail::quick_check(c, name); !ok) return tl::unexpected(ok.error());
    auto tables = table_names(c);
    int version = tables.count("schema_migrations") != 0 ? recorded_version(c) : 0;
    if (version < 1) {
        return fail(ErrorCode::kInvalidInput,
                    name + " is not a CBE Roadmap database (it records no schema version)");
    }
    if (version > kSchemaVersion) {
        return fail(ErrorCode::kConflict,
                    name + " is at schema version " + std::to_string(version) +
                        ", newer than this program understands (" + std::to_string(kSchemaVersion) +
                        "); restore it with a newer roadmap");
    }
    auto expected = expected_tables(migrations_dir, version);
    if (!expected) return tl::unexpected(expected.error());
    std::string missing;
    for (const auto& table : *expected) {
        if (tables.count(table) == 0) missing += (missing.empty() ? "" : ", ") + table;
    }
    if (!missing.empty()) {
        return fail(ErrorCode::kInvalidInput, name + " lacks tables a schema version " +
                                                  std::to_string(version) +
                                                  " database has: " + missing);
    }
    return version;
}

// Writes `source` to `destination` page by page (so a -wal beside the source is read too).
Result<void> copy_file(const std::string& source, const std::string& destination) {
    detail::SqliteFile from, to;
    if (auto ok = detail::open_file(from, source, SQLITE_OPEN_READONLY); !ok) return ok;
    if (auto ok = detail::open_file(to, destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        !ok)
        return ok;
    return detail::copy_pages(from, to, "copying " + source);
}

void sync_folder(const fs::path& folder) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void remove_side_files(const std::string& database) {
    std::error_code ec;
    fs::remove(database, ec);
    for (const char* side : kReplayedSideFiles) fs::remove(database + side, ec);
    fs::remove(database + kSharedMemory, ec);
}

// Keeps the live database as `previous` (a hard link, so the live name never disappears; its
// -wal/-journal move with it), then renames `candidate` over the live name in one step. If the
// rename fails, the side files go back and the live database is as it was.
Result<void> swap_in(const std::string& candidate, const std::string& database,
                     const std::string& previous) {
    std::error_code ec;
    if (fs::exists(database, ec)) {
        fs::create_hard_link(database, previous, ec);
        if (ec) fs::copy_file(database, previous, ec);
        if (ec) {
            return fail(ErrorCode::kUnavailable,
                        "cannot keep the previous database as " + previous + ": " + ec.message());
        }
        fs::permissions(candidate, fs::status(database, ec).permissions(), ec);
        for (const char* side : kReplayedSideFiles) {
            if (fs::exists(database + side, ec)) fs::rename(database + side, previous + side, ec);
        }
        fs::remove(database + kSharedMemory, ec);
    }
    fs::rename(candidate, database, ec);
    if (ec) {
        std::error_code ignored;
        for (const char* side : kReplayedSideFiles) {
            if (fs::exists(previous + side, ignored))
                fs::rename(previous + side, database + side, ignored);
        }
        fs::remove(previous, ignored);
        return fail(ErrorCode::kUnavailable, "cannot replace " + database + ": " + ec.message());
    }
    sync_folder(fs::path(database).parent_path());
    return {};
}

}  // namespace

Result<int> restore_database(const std::string& source, const std::string& database,
                             const std::string& migrations_dir) {
    const std::string candidate = database + ".restoring";
    const std::string previous = database + ".previous";
    std::error_code ec;
    if (fs::exists(previous, ec)) {
        // Left by a restore that stopped half-way: it may be the only copy of something.
        return fail(ErrorCode::kConflict,
                    previous + " is left from an earlier restore; move it away first");
    }
    if (!fs::exists(source, ec)) return fail(ErrorCode::kNotFound, "no file at " + source);
    if (auto ok = check_candidate(source, source, migrations_dir); !ok) return ok;
    remove_side_files(candidate);
    if (auto ok = copy_file(source, candidate); !ok) {
        remove_side_files(candidate);
        return tl::unexpected(ok.error());
    }
    // The copy is what goes live: check it again, as written.
    auto version = check_candidate(candidate, "the copy of " + source, migrations_dir);
    if (version) {
        if (auto ok = swap_in(candidate, database, previous); !ok)
            version = tl::unexpected(ok.error());
    }
    if (!version) {
        remove_side_files(candidate);
        return version;
    }
    remove_side_files(previous);
    remove_side_files(candidate);  // a read-only check may leave an empty -shm/-wal behind
    return version;
}

}  // namespace cbe::store
