#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "store/detail/sqlite_file.hpp"

namespace cbe::store {

namespace fs = std::filesystem;

namespace detail {

namespace {
constexpr int kPagesPerStep = 256;  // ~1 MiB at 4 KiB pages between lock releases
constexpr int kBusyTimeoutMs = 5000;
}  // namespace

Result<void> open_file(SqliteFile& c, const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &c.db, flags, nullptr) != SQLITE_OK) {
        return fail(ErrorCode::kUnavailable,
                    "cannot open " + path + ": " + (c.db ? sqlite3_errmsg(c.db) : "out of memory"));
    }
    sqlite3_busy_timeout(c.db, kBusyTimeoutMs);
    return {};
}

Result<void> copy_pages(SqliteFile& from, SqliteFile& to, const std::string& what) {
    sqlite3_backup* backup = sqlite3_backup_init(to.db, "main", from.db, "main");
    if (!backup) return fail(ErrorCode::kUnavailable, what + ": " + sqlite3_errmsg(to.db));
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, kPagesPerStep);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        return fail(ErrorCode::kUnavailable, what + ": " + sqlite3_errstr(rc));
    }
    return {};
}

Result<void> quick_check(SqliteFile& c, const std::string& name) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(c.db, "PRAGMA quick_check", -1, &statement, nullptr) != SQLITE_OK) {
        return fail(ErrorCode::kInvalidInput, name + " is not an SQLite database");
    }
    int rc = sqlite3_step(statement);
    bool ok = rc == SQLITE_ROW &&
              std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "ok";
    sqlite3_finalize(statement);
    if (rc == SQLITE_NOTADB)
        return fail(ErrorCode::kInvalidInput, name + " is not an SQLite database");
    if (!ok) return fail(ErrorCode::kInvalidInput, name + " fails SQLite's integrity check");
    return {};
}

}  // namespace detail

std::string database_file(const std::string& data_dir) {
    return (fs::path(data_dir) / "roadmap.db").string();
}

Result<void> backup_database(const std::string& database, const std::string& destination) {
    std::error_code ec;
    if (!fs::exists(database, ec)) return fail(ErrorCode::kNotFound, "no database at " + database);
    const std::string partial = destination + ".partial";
    fs::remove(partial, ec);
    {
        detail::SqliteFile from, to;
        if (auto ok = detail::open_file(from, database, SQLITE_OPEN_READONLY); !ok) return ok;
        if (auto ok = detail::open_file(to, partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            !ok)
            return ok;
        if (auto ok = detail::copy_pages(from, to, "backup to " + destination); !ok) {
            fs::remove(partial, ec);
            return ok;
        }
    }
    fs::rename(partial, destination, ec);
    if (ec)
        return fail(ErrorCode::kUnavailable, "cannot write " + destination + ": " + ec.message());
    return {};
}

Result<std::unique_ptr<DataFolderLock>> DataFolderLock::acquire(const std::string& data_dir,
                                                                Mode mode) {
    const std::string path = (fs::path(data_dir) / "roadmap.lock").string();
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail(ErrorCode::kUnavailable, "cannot open " + path);
    int operation = (mode == Mode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
    if (::flock(fd, operation) != 0) {
        ::close(fd);
        return fail(ErrorCode::kConflict,
                    "a running server holds " + data_dir + " (stop it first)");
    }
    return std::unique_ptr<DataFolderLock>(new DataFolderLock(fd));
}

DataFolderLock::~DataFolderLock() { ::close(fd_); }

}  // namespace cbe::store
