#include "store/database.hpp"

// SOCI's SQLite header declares the sqlite3 API inside namespace sqlite_api.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace cbe::store {

namespace {

std::shared_ptr<soci::session> open_session(const std::string& path,
                                            std::chrono::milliseconds busy_timeout) {
    auto sql = std::make_shared<soci::session>();
    // SOCI's own timeout is in whole seconds; the PRAGMA below sets the real one.
    sql->open(soci::sqlite3,
              "db=" + path + " timeout=" + std::to_string(busy_timeout.count() / 1000));
    *sql << "PRAGMA journal_mode = WAL";
    // NORMAL in WAL mode: a commit is in the WAL before the call returns, so it survives
    // the process being killed; only a power cut can lose the last commits.
    *sql << "PRAGMA synchronous = NORMAL";
    *sql << "PRAGMA foreign_keys = ON";
    *sql << "PRAGMA busy_timeout = " + std::to_string(busy_timeout.count());
    return sql;
}

sqlite_api::sqlite3* handle_of(soci::session& sql) {
    return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

// What settling a session found and did.
struct Settled {
    int statements_reset = 0;
    bool rolled_back = false;
    bool clean = false;
};

// Brings a session back to the state every lease expects: no statement in progress, no open
// transaction, no read snapshot. A statement that failed (e.g. "database is locked") is left
// un-reset by SOCI; while it is, SQLite keeps the connection's read transaction open even
// after ROLLBACK, so the connection would go on reading an old snapshot, fail every write at
// once with SQLITE_BUSY_SNAPSHOT, and stop checkpoints from truncating the WAL.
Settled settle(soci::session& sql) {
    Settled done;
    if (!sql.get_backend()) return done;                               // closed: not usable
    if (sql.get_backend_name() != "sqlite3") return {0, false, true};  // nothing to check
    sqlite_api::sqlite3* db = handle_of(sql);
    if (!db) return done;
    for (auto* st = sqlite_api::sqlite3_next_stmt(db, nullptr); st;
         st = sqlite_api::sqlite3_next_stmt(db, st)) {
        if (sqlite_api::sqlite3_stmt_busy(st)) {
            sqlite_api::sqlite3_reset(st);
            ++done.statements_reset;
        }
    }
    if (!sqlite_api::sqlite3_get_autocommit(db)) {
        sqlite_api::sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        done.rolled_back = true;
    }
    done.clean = sqlite_api::sqlite3_get_autocommit(db) &&
                 sqlite_api::sqlite3_txn_state(db, nullptr) == SQLITE_TXN_NONE;
    return done;
}

}  // namespace

// Our own pool rather than soci::connection_pool: a session that cannot be settled is
// replaced, and statements cached on the old one keep it alive through their shared_ptr.
struct Database::Impl {
    std::string path;
    std::chrono::milliseconds busy_timeout;
    std::vector<std::shared_ptr<soci::session>> sessions;  // null: to be reopened
    std::mutex mutex;
    std::condition_variable freed;
    std::vector<size_t> free;  // guarded by mutex
    std::atomic<uint64_t> leases{0};
    std::atomic<uint64_t> waits{0};
    std::atomic<uint64_t> timeouts{0};
    std::atomic<uint64_t> settled{0};
    std::atomic<uint64_t> replaced{0};

    // Called by the slot's holder.
    void reopen(size_t slot) {
        sessions[slot].reset();
        try {
            sessions[slot] = open_session(path, busy_timeout);
        } catch (const std::exception& e) {
            spdlog::error("database: reopening session {}: {}", slot, e.what());
        }
        ++replaced;
    }
    void give_back(size_t slot) {
        if (sessions[slot]) {
            Settled done = settle(*sessions[slot]);
            if (done.statements_reset > 0 || done.rolled_back) {
                ++settled;
                spdlog::warn("database: session {} came back with {} statement(s) in progress{}",
                             slot, done.statements_reset,
                             done.rolled_back ? " and a transaction open (rolled back)" : "");
            }
            if (!done.clean) {
                spdlog::error("database: session {} could not be settled; replacing it", slot);
                reopen(slot);
            }
        }
        {
            std::lock_guard lock(mutex);
            free.push_back(slot);
        }
        freed.notify_one();
    }
};

Database::Database() = default;
Database::~Database() = default;

Result<std::shared_ptr<Database>> Database::open_sqlite(const std::string& path, size_t pool_size,
                                                        std::chrono::milliseconds busy_timeout) {
    std::shared_ptr<Database> db(new Database());
    db->impl_ = std::make_unique<Impl>();
    auto& impl = *db->impl_;
    impl.path = path;
    impl.busy_timeout = busy_timeout;
    try {
        for (size_t i = 0; i < pool_size; ++i) {
            impl.sessions.push_back(open_session(path, busy_timeout));
            impl.free.push_back(pool_size - 1 - i);  // slot 0 is leased first
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::kUnavailable, "cannot open database " + path + ": " + e.what());
    }
    return db;
}

Result<Database::Lease> Database::lease() {
    auto& impl = *impl_;
    size_t slot = 0;
    ++impl.leases;
    {
        std::unique_lock lock(impl.mutex);
        if (impl.free.empty()) {
            ++impl.waits;
            if (!impl.freed.wait_for(lock, impl.busy_timeout, [&] { return !impl.free.empty(); })) {
                ++impl.timeouts;
                return fail(ErrorCode::kUnavailable, "no database session free in time");
            }
        }
        slot = impl.free.back();
        impl.free.pop_back();
    }
    Lease lease(*this, slot);
    if (!impl.sessions[slot]) impl.reopen(slot);  // an earlier reopen failed: try once more
    if (!impl.sessions[slot]) return fail(ErrorCode::kUnavailable, "cannot reopen the database");
    return lease;  // moved implicitly (C++20)
}

size_t Database::pool_size() const { return impl_->sessions.size(); }

Database::PoolStats Database::pool_stats() const {
    return {impl_->leases, impl_->waits, impl_->timeouts, impl_->settled, impl_->replaced};
}

Database::Lease::~Lease() {
    if (db_) db_->impl_->give_back(slot_);
}

soci::session& Database::Lease::session() { return *db_->impl_->sessions[slot_]; }

std::shared_ptr<soci::session> Database::Lease::shared_session() {
    return db_->impl_->sessions[slot_];
}

// Store errors are classified once, here: a constraint violation is a conflict the caller can
// explain (an email taken by a sign-up racing this one); a busy, locked or unreachable database
// is unavailable (try again); anything else is an internal error, logged.
namespace {

// SOCI ends its messages with the statement's bound values (" with :1=..."): emails, token
// hashes, ratings and notes. Logs keep the statement and the error, never the values.
std::string without_values(const char* message) {
    std::string text(message);
    if (auto at = text.find(" with :"); at != std::string::npos) {
        text.erase(at);
        text += " (values not logged)";
    }
    return text;
}

}  // namespace

Error database_error(const std::string& what, const std::exception& e) {
    if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        int primary = sqlite->result() & 0xff;
        if (primary == SQLITE_CONSTRAINT) {
            spdlog::info("database: {}: {}", what, without_values(e.what()));
            return Error{ErrorCode::kConflict, what};
        }
        if (primary != SQLITE_BUSY && primary != SQLITE_LOCKED && primary != SQLITE_FULL &&
            primary != SQLITE_IOERR && primary != SQLITE_CANTOPEN && primary != SQLITE_READONLY &&
            primary != SQLITE_NOMEM) {
            spdlog::error("database: {}: {}", what, without_values(e.what()));
            return Error{ErrorCode::kInternal, what};
        }
    }
    spdlog::error("database: {}: {}", what, without_values(e.what()));
    return Error{ErrorCode::kUnavailable, what};
}

}  // namespace cbe::store
