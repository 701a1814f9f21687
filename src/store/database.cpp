#include "store/database.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace cbe::store {

namespace {
constexpr int kBusyTimeoutMs = 5000;
}

struct Database::Impl {
    explicit Impl(size_t size) : pool(size), size(size) {}
    soci::connection_pool pool;
    size_t size;
    std::atomic<uint64_t> leases{0};
    std::atomic<uint64_t> waits{0};
    std::atomic<uint64_t> timeouts{0};
};

Database::Database() = default;
Database::~Database() = default;

Result<std::shared_ptr<Database>> Database::open_sqlite(const std::string& path, size_t pool_size) {
    std::shared_ptr<Database> db(new Database());
    db->impl_ = std::make_unique<Impl>(pool_size);
    try {
        for (size_t i = 0; i < pool_size; ++i) {
            soci::session& sql = db->impl_->pool.at(i);
            sql.open(soci::sqlite3,
                     "db=" + path + " timeout=" + std::to_string(kBusyTimeoutMs / 1000));
            sql << "PRAGMA journal_mode = WAL";
            // NORMAL in WAL mode: a commit is in the WAL before the call returns, so it survives
            // the process being killed; only a power cut can lose the last commits.
            sql << "PRAGMA synchronous = NORMAL";
            sql << "PRAGMA foreign_keys = ON";
            sql << "PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs);
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::kUnavailable, "cannot open database " + path + ": " + e.what());
    }
    return db;
}

Result<Database::Lease> Database::lease() {
    size_t slot = 0;
    ++impl_->leases;
    if (!impl_->pool.try_lease(slot, 0)) {
        ++impl_->waits;
        if (!impl_->pool.try_lease(slot, kBusyTimeoutMs)) {
            ++impl_->timeouts;
            return fail(ErrorCode::kUnavailable, "no database session free within 5 s");
        }
    }
    return Lease(*this, slot);
}

size_t Database::pool_size() const { return impl_->size; }

Database::PoolStats Database::pool_stats() const {
    return {impl_->leases, impl_->waits, impl_->timeouts};
}

Database::Lease::~Lease() {
    if (db_) db_->impl_->pool.give_back(slot_);
}

soci::session& Database::Lease::session() { return db_->impl_->pool.at(slot_); }

Error database_error(const std::string& what, const std::exception& e) {
    spdlog::error("database: {}: {}", what, e.what());
    return Error{ErrorCode::kUnavailable, what};
}

}  // namespace cbe::store
