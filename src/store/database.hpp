// The database: a pool of SOCI sessions over SQLite (WAL), leased one per unit of work.
// SOCI stays out of this header's users except the repositories' own .cpp files.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace soci {
class session;
}

namespace cbe::store {

inline constexpr std::chrono::milliseconds kDefaultBusyTimeout{5000};

class Database {
  public:
    // Opens (creating it if needed) an SQLite database with WAL, foreign keys, a busy timeout
    // and synchronous=NORMAL (see docs/assessment.md, "Storage"), with `pool_size` sessions.
    // `busy_timeout`: how long a statement waits for another connection's write lock, and how
    // long lease() waits for a free session.
    [[nodiscard]] static Result<std::shared_ptr<Database>> open_sqlite(
        const std::string& path, size_t pool_size,
        std::chrono::milliseconds busy_timeout = kDefaultBusyTimeout);
    ~Database();

    // A pooled session, given back when the lease ends. Going back, the session is settled
    // (docs/security.md, "Database failures"): every statement still in progress is reset and
    // an open transaction rolled back, so a failure on any path cannot leave it inside an old
    // read snapshot or holding a lock; a session that still is not clean is replaced.
    class Lease {
      public:
        Lease(Database& db, size_t slot) : db_(&db), slot_(slot) {}
        Lease(Lease&& other) noexcept : db_(other.db_), slot_(other.slot_) { other.db_ = nullptr; }
        Lease(const Lease&) = delete;
        ~Lease();
        soci::session& session();
        // The session, for a cache of statements prepared on it: keep the pointer beside them,
        // and prepare again when session() is no longer the same one (it was replaced).
        std::shared_ptr<soci::session> shared_session();
        size_t slot() const { return slot_; }

      private:
        Database* db_;
        size_t slot_;
    };
    // Waits up to the busy timeout for a free session; kUnavailable when none frees up.
    [[nodiscard]] Result<Lease> lease();
    size_t pool_size() const;
    // Counts since start, for metrics: leases, leases that waited for a busy pool, leases that
    // gave up, sessions that came back with a statement or transaction left open (settled), and
    // sessions that had to be replaced.
    struct PoolStats {
        uint64_t leases = 0;
        uint64_t waits = 0;
        uint64_t timeouts = 0;
        uint64_t settled = 0;
        uint64_t replaced = 0;
    };
    PoolStats pool_stats() const;

  private:
    Database();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The protocol-free error for a database failure; the message is logged, not shown.
Error database_error(const std::string& what, const std::exception& e);

}  // namespace cbe::store
