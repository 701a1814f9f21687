// Users, their server-side sessions, sign-in throttling and the audit log. SQL beside it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

struct UserRecord {
    long long id = 0;
    std::string email;
    std::string name;
    std::string password_hash;
    bool disabled = false;
    std::string created_at;
};

struct SessionRecord {
    long long user_id = 0;
    std::string created_at;
    std::string last_seen_at;
};

struct AuditEntry {
    std::string at;
    std::string event;
    long long user_id = 0;  // 0: none
    std::string detail;
    std::string address;
    long long organization_id = 0;  // 0: an account event, not about one organization
};

// An entry read back from the log, with its position (for paging) and who did it.
struct LoggedEvent {
    long long id = 0;
    std::string actor;  // the user's name, or empty
    AuditEntry entry;
    // How often it happened: repeats of the same entry are counted on it (service/audit.hpp),
    // the latest at `last_at` (empty when it happened once).
    long long repeats = 1;
    std::string last_at;
};

// What ended with a membership or an account: the links the person made, revoked in the same
// transaction as the change.
struct RevokedLinks {
    long long invitations = 0;  // open invitation links they made
    long long share_links = 0;  // working read-only share links they made
};

// A throttle key's count of attempts (or failures) and when the last one was (ISO 8601 UTC).
struct ThrottleCount {
    int count = 0;
    std::string last;
};

class AccountRepository {
  public:
    explicit AccountRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // kConflict when the email is taken.
    [[nodiscard]] Result<UserRecord> create_user(const std::string& email, const std::string& name,
                                                 const std::string& password_hash,
                                                 const std::string& now);
    [[nodiscard]] Result<UserRecord> find_user(const std::string& email);  // kNotFound when absent
    [[nodiscard]] Result<UserRecord> user(long long id);
    // Also ends the account's open password-reset links (same transaction).
    [[nodiscard]] Result<void> set_password(long long user_id, const std::string& password_hash);
    // Disables the account and ends, in one transaction, what it could still reach: its
    // sign-in sessions, its open reset links, the open invitation links it made and the working
    // share links it made (revoked as of `now`). kNotFound when there is no such user.
    [[nodiscard]] Result<RevokedLinks> disable_user(long long user_id, const std::string& now);

    [[nodiscard]] Result<void> create_session(const std::string& id_hash, long long user_id,
                                              const std::string& now);
    [[nodiscard]] Result<SessionRecord> session(
        const std::string& id_hash);  // kNotFound when absent
    [[nodiscard]] Result<void> touch_session(const std::string& id_hash, const std::string& now);
    [[nodiscard]] Result<void> delete_session(const std::string& id_hash);
    [[nodiscard]] Result<void> delete_sessions_of(long long user_id);
    // Ends the user's oldest sessions beyond the newest `keep`.
    [[nodiscard]] Result<void> trim_sessions(long long user_id, int keep);

    // Housekeeping: sessions idle since before `idle_before` or made before `made_before`,
    // throttle counts last touched before `failures_before`, and (when not empty) audit
    // entries from before `audit_before`. ISO 8601 UTC times compare as text.
    [[nodiscard]] Result<void> purge(const std::string& idle_before, const std::string& made_before,
                                     const std::string& failures_before,
                                     const std::string& audit_before);

    // Adds one failure for `key`; returns the failures in a row and when the last one was.
    [[nodiscard]] Result<int> record_failure(const std::string& key, const std::string& now);
    [[nodiscard]] Result<std::optional<std::pair<int, std::string>>> failures(
        const std::string& key);
    [[nodiscard]] Result<void> clear_failures(const std::string& key);
    // Counts one attempt of `key` at `now` in one statement (concurrent attempts get distinct
    // counts); the count starts again when the last allowed attempt was before `restart`. The
    // time kept is that of the last attempt within the first `max`. Returns the count and it.
    [[nodiscard]] Result<std::pair<int, std::string>> count_within(const std::string& key, int max,
                                                                   const std::string& now,
                                                                   const std::string& restart);
    // Decides one attempt of `key` and keeps the decision, in one transaction: reads the key's
    // count (0 and no time when it has none), asks `decide`, and stores what it returns (a count
    // of 0 deletes the key); nullopt refuses the attempt and changes nothing. Returns whether it
    // was allowed. The transaction's first statement is a write, so SQLite takes the write lock
    // before the read and concurrent attempts of a key wait for each other (busy_timeout); each
    // is decided on the count the one before it left. With a read first, they could all read
    // the same count and all be allowed.
    [[nodiscard]] Result<bool> decide_attempt(
        const std::string& key,
        const std::function<std::optional<ThrottleCount>(const ThrottleCount&)>& decide);

    // Writes an entry; returns its id.
    [[nodiscard]] Result<long long> audit(const AuditEntry& entry);
    // Counts one more repeat of entry `id` at `at`; false when that entry is gone (purged).
    [[nodiscard]] Result<bool> audit_repeat(long long id, const std::string& at);
    [[nodiscard]] Result<std::vector<LoggedEvent>> audit_entries(long long user_id, int limit);
    // An organization's log, newest first, older than entry `before_id`: its own events, and
    // the account events of its current members since they joined.
    [[nodiscard]] Result<std::vector<LoggedEvent>> organization_audit(long long organization_id,
                                                                      long long before_id,
                                                                      int limit);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
