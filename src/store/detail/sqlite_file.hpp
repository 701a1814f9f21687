// Raw SQLite connections for whole-file work (backup, restore), which SOCI does not offer: the
// online backup API and checks on a file that is not (yet) the database.
#pragma once

#include <sqlite3.h>

#include <string>

#include "core/result.hpp"

namespace cbe::store::detail {

struct SqliteFile {
    sqlite3* db = nullptr;
    SqliteFile() = default;
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;
    ~SqliteFile() { sqlite3_close_v2(db); }
};

[[nodiscard]] Result<void> open_file(SqliteFile& c, const std::string& path, int flags);
// Copies every page of `from` into `to`; steps release the source's read lock in between, and
// the backup restarts by itself if a writer changes pages already copied.
[[nodiscard]] Result<void> copy_pages(SqliteFile& from, SqliteFile& to, const std::string& what);
// `PRAGMA quick_check`; `name` is how the file is called in the error.
[[nodiscard]] Result<void> quick_check(SqliteFile& c, const std::string& name);

}  // namespace cbe::store::detail
