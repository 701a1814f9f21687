// Consistent copies of the SQLite database while the server runs (SQLite's online backup API),
// and restoring one; plus the lock a serving process holds on its data folder so a restore
// cannot pull the database from under it.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"

namespace cbe::store {

// The database file inside a data folder.
std::string database_file(const std::string& data_dir);

// Copies the database at `database` to `destination` page by page while others keep writing
// (each step holds the read lock only briefly); the copy is written beside `destination` and
// renamed into place, so a failed backup never leaves a half file under that name.
[[nodiscard]] Result<void> backup_database(const std::string& database,
                                           const std::string& destination);

// Replaces the database at `database` with the copy at `source` (docs/operations.md, "Backups
// and restores"). The copy is first written beside the database as `<database>.restoring` and
// checked there: SQLite's integrity check, a CBE Roadmap schema version this program knows, and
// every table the migrations up to that version create (compared with a scratch database
// migrated from `migrations_dir`). Only then is it swapped in by one rename; the previous
// database (and its -wal) stays as `<database>.previous` until the rename has succeeded, so a
// wrong or damaged file never touches the live data. Returns the restored schema version. The
// caller holds the data folder exclusively (see DataFolderLock).
[[nodiscard]] Result<int> restore_database(const std::string& source, const std::string& database,
                                           const std::string& migrations_dir);

// An advisory lock on `<data>/roadmap.lock`: servers hold it shared for as long as they run;
// a restore takes it exclusively and gives up at once if anyone holds it.
class DataFolderLock {
  public:
    enum class Mode { kShared, kExclusive };
    [[nodiscard]] static Result<std::unique_ptr<DataFolderLock>> acquire(
        const std::string& data_dir, Mode mode);
    ~DataFolderLock();
    DataFolderLock(const DataFolderLock&) = delete;
    DataFolderLock& operator=(const DataFolderLock&) = delete;

  private:
    explicit DataFolderLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace cbe::store
