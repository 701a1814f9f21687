// The database: a pool of SOCI sessions over SQLite (WAL), leased one per unit of work.
// SOCI stays out of this header's users except the repositories' own .cpp files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace soci {
class session;
}

namespace cbe::store {

class Database {
  public:
    // Opens (creating it if needed) an SQLite database with WAL, foreign keys, a busy timeout
    // and synchronous=NORMAL (see docs/assessment.md, "Storage"), with `pool_size` sessions.
    static Result<std::shared_ptr<Database>> open_sqlite(const std::string& path, size_t pool_size);
    ~Database();

    // A pooled session, given back when the lease ends.
    class Lease {
      public:
        Lease(Database& db, size_t slot) : db_(&db), slot_(slot) {}
        Lease(Lease&& other) noexcept : db_(other.db_), slot_(other.slot_) { other.db_ = nullptr; }
        Lease(const Lease&) = delete;
        ~Lease();
        soci::session& session();
        size_t slot() const { return slot_; }

      private:
        Database* db_;
        size_t slot_;
    };
    // Waits up to the busy timeout for a free session; kUnavailable when none frees up.
    Result<Lease> lease();
    size_t pool_size() const;
    // Counts since start, for metrics: leases, leases that waited for a busy pool, and leases
    // that gave up.
    struct PoolStats {
        uint64_t leases = 0;
        uint64_t waits = 0;
        uint64_t timeouts = 0;
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
