#include "store/account_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

constexpr const char* kInsertUser =
    "INSERT INTO users (email, name, password_hash, disabled, created_at) "
    "VALUES (:email, :name, :hash, 0, :now)";
constexpr const char* kUserColumns =
    "SELECT id, email, name, password_hash, disabled, created_at FROM users ";
constexpr const char* kSetPassword = "UPDATE users SET password_hash = :hash WHERE id = :id";
// A new password ends the account's open reset links: one emailed before the change (to an
// inbox someone else may read) must not undo it.
constexpr const char* kEndOpenResets =
    "DELETE FROM password_resets WHERE user_id = :user AND used_at IS NULL";
constexpr const char* kDisable = "UPDATE users SET disabled = 1 WHERE id = :id";
constexpr const char* kEndInvitationsBy =
    "DELETE FROM invitations WHERE created_by = :user AND accepted_by IS NULL";
constexpr const char* kEndSharesBy =
    "UPDATE share_links SET revoked_at = :now WHERE created_by = :user AND revoked_at IS NULL";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES (:id, :user, :now, "
    ":now2)";
constexpr const char* kSession =
    "SELECT user_id, created_at, last_seen_at FROM sessions WHERE id_hash = :id";
constexpr const char* kTouchSession = "UPDATE sessions SET last_seen_at = :now WHERE id_hash = :id";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE id_hash = :id";
constexpr const char* kDeleteSessionsOf = "DELETE FROM sessions WHERE user_id = :user";
constexpr const char* kTrimSessions =
    "DELETE FROM sessions WHERE user_id = :user AND id_hash NOT IN (SELECT s.id_hash FROM "
    "sessions s WHERE s.user_id = :user2 ORDER BY s.created_at DESC, s.id_hash LIMIT :keep)";
constexpr const char* kPurgeSessions =
    "DELETE FROM sessions WHERE last_seen_at < :idle OR created_at < :made";
constexpr const char* kPurgeFailures = "DELETE FROM sign_in_failures WHERE last_failure_at < :at";
// Reads only the old entries (audit_log_by_time), not the whole log.
constexpr const char* kPurgeAudit = "DELETE FROM audit_log WHERE at < :at";
constexpr const char* kRecordFailure =
    "INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at) VALUES (:key, 1, :now) "
    "ON CONFLICT (throttle_key) DO UPDATE SET failures = sign_in_failures.failures + 1, "
    "last_failure_at = excluded.last_failure_at";
constexpr const char* kFailures =
    "SELECT failures, last_failure_at FROM sign_in_failures WHERE throttle_key = :key";
// One statement, so concurrent attempts each get their own count: a count whose last counted
// attempt is older than :restart starts again at 1; past :max the attempt is counted but the
// time is left at the last one that was allowed, so refusals do not push the window on.
constexpr const char* kCountWithin =
    "INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at) VALUES (:key, 1, :now) "
    "ON CONFLICT (throttle_key) DO UPDATE SET "
    "failures = CASE WHEN sign_in_failures.last_failure_at < :restart THEN 1 "
    "ELSE sign_in_failures.failures + 1 END, "
    "last_failure_at = CASE WHEN sign_in_failures.last_failure_at < :restart2 "
    "OR sign_in_failures.failures < :max THEN excluded.last_failure_at "
    "ELSE sign_in_failures.last_failure_at END";
constexpr const char* kClearFailures = "DELETE FROM sign_in_failures WHERE throttle_key = :key";
// The first statement of decide_attempt: a write that changes nothing (a placeholder row with
// no count, or the row set to itself), only to take the write lock first. In PostgreSQL it
// locks the key's row, and a concurrent insert of the same key waits on it, to the same effect.
constexpr const char* kLockThrottle =
    "INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at) VALUES (:key, 0, '') "
    "ON CONFLICT (throttle_key) DO UPDATE SET failures = sign_in_failures.failures";
constexpr const char* kSetThrottle =
    "UPDATE sign_in_failures SET failures = :count, last_failure_at = :last "
    "WHERE throttle_key = :key";
constexpr const char* kAudit =
    "INSERT INTO audit_log (at, event, user_id, detail, address, organization_id) "
    "VALUES (:at, :event, :user, :detail, :address, :org) RETURNING id";
constexpr const char* kAuditRepeat =
    "UPDATE audit_log SET repeats = repeats + 1, last_at = :at WHERE id = :id";
constexpr const char* kAuditOf =
    "SELECT a.id, a.at, a.event, a.user_id, a.detail, a.address, "
    "COALESCE(a.organization_id, 0), u.name, a.repeats, COALESCE(a.last_at, '') "
    "FROM audit_log a JOIN users u ON u.id = a.user_id "
    "WHERE a.user_id = :user ORDER BY a.id DESC LIMIT :limit";
// Two halves, each limited on its own so neither reads more than a page: the organization's
// own events (audit_log_by_organization, read newest first), and its members' account events
// from the day each joined (memberships, then audit_log_by_user; ISO 8601 times in UTC compare
// as text). Account events never name an organization, so the event list alone picks them (a
// disabled account is among them: its owners learn the links it gave out were revoked): a
// test on organization_id IS NULL would lead SQLite to scan every account event of the site.
constexpr const char* kOrganizationAudit =
    "SELECT merged.* FROM ("
    " SELECT own.* FROM ("
    "  SELECT a.id, a.at, a.event, COALESCE(a.user_id, 0), a.detail, a.address,"
    "  a.organization_id, COALESCE(u.name, ''), a.repeats, COALESCE(a.last_at, '')"
    "  FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
    "  WHERE a.organization_id = :org AND a.id < :before ORDER BY a.id DESC LIMIT :limit) AS own"
    " UNION ALL"
    " SELECT members_events.* FROM ("
    "  SELECT a.id, a.at, a.event, a.user_id, a.detail, a.address, 0, u.name, a.repeats,"
    "  COALESCE(a.last_at, '')"
    "  FROM memberships m JOIN audit_log a ON a.user_id = m.user_id AND a.at >= m.created_at"
    "  JOIN users u ON u.id = a.user_id"
    "  WHERE m.organization_id = :org2 AND a.id < :before2"
    "  AND a.event IN ('sign-in', 'sign-in-failed', 'sign-out', 'password-changed',"
    "  'password-change-failed', 'user-disabled') ORDER BY a.id DESC LIMIT :limit2) AS "
    "members_events"
    ") AS merged ORDER BY 1 DESC LIMIT :limit3";

}  // namespace

Result<UserRecord> AccountRepository::create_user(const std::string& email, const std::string& name,
                                                  const std::string& password_hash,
                                                  const std::string& now) {
    auto existing = find_user(email);
    if (existing) return fail(ErrorCode::kConflict, "an account with this email exists");
    if (existing.error().code != ErrorCode::kNotFound) return tl::unexpected(existing.error());
    auto made =
        with_session<bool>(*db_, "creating a user", [&](soci::session& sql) -> Result<bool> {
            sql << kInsertUser, soci::use(email), soci::use(name), soci::use(password_hash),
                soci::use(now);
            return true;
        });
    if (!made) return tl::unexpected(made.error());
    return find_user(email);
}

namespace {
Result<UserRecord> fetch_user(soci::session& sql, const std::string& where,
                              const std::string* email, const long long* id) {
    UserRecord u;
    int disabled = 0;
    soci::indicator ind = soci::i_null;
    std::string query = std::string(kUserColumns) + where;
    if (email) {
        sql << query, soci::use(*email), soci::into(u.id, ind), soci::into(u.email),
            soci::into(u.name), soci::into(u.password_hash), soci::into(disabled),
            soci::into(u.created_at);
    } else {
        sql << query, soci::use(*id), soci::into(u.id, ind), soci::into(u.email),
            soci::into(u.name), soci::into(u.password_hash), soci::into(disabled),
            soci::into(u.created_at);
    }
    if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such user");
    u.disabled = disabled != 0;
    return u;
}
}  // namespace

Result<UserRecord> AccountRepository::find_user(const std::string& email) {
    return with_session<UserRecord>(*db_, "finding a user", [&](soci::session& sql) {
        return fetch_user(sql, "WHERE email = :email", &email, nullptr);
    });
}

Result<UserRecord> AccountRepository::user(long long id) {
    return with_session<UserRecord>(*db_, "reading a user", [&](soci::session& sql) {
        return fetch_user(sql, "WHERE id = :id", nullptr, &id);
    });
}

Result<void> AccountRepository::set_password(long long user_id, const std::string& password_hash) {
    return with_session<void>(*db_, "setting a password", [&](soci::session& sql) -> Result<void> {
        soci::transaction tx(sql);
        sql << kSetPassword, soci::use(password_hash), soci::use(user_id);
        sql << kEndOpenResets, soci::use(user_id);
        tx.commit();
        return {};
    });
}

Result<RevokedLinks> AccountRepository::disable_user(long long user_id, const std::string& now) {
    using Out = std::optional<RevokedLinks>;
    auto ended =
        with_session<Out>(*db_, "disabling a user", [&](soci::session& sql) -> Result<Out> {
            soci::transaction tx(sql);
            soci::statement st = (sql.prepare << kDisable, soci::use(user_id));
            st.execute(true);
            if (st.get_affected_rows() != 1) return Out{};
            sql << kDeleteSessionsOf, soci::use(user_id);
            sql << kEndOpenResets, soci::use(user_id);
            RevokedLinks out;
            soci::statement invitations = (sql.prepare << kEndInvitationsBy, soci::use(user_id));
            invitations.execute(true);
            out.invitations = invitations.get_affected_rows();
            soci::statement shares =
                (sql.prepare << kEndSharesBy, soci::use(now), soci::use(user_id));
            shares.execute(true);
            out.share_links = shares.get_affected_rows();
            tx.commit();
            return Out{out};
        });
    if (!ended) return tl::unexpected(ended.error());
    if (!*ended) return fail(ErrorCode::kNotFound, "no such user");
    return **ended;
}

Result<void> AccountRepository::create_session(const std::string& id_hash, long long user_id,
                                               const std::string& now) {
    return with_session<void>(*db_, "creating a session", [&](soci::session& sql) -> Result<void> {
        sql << kInsertSession, soci::use(id_hash), soci::use(user_id), soci::use(now),
            soci::use(now);
        return {};
    });
}

Result<SessionRecord> AccountRepository::session(const std::string& id_hash) {
    return with_session<SessionRecord>(
        *db_, "reading a session", [&](soci::session& sql) -> Result<SessionRecord> {
            SessionRecord s;
            soci::indicator ind = soci::i_null;
            sql << kSession, soci::use(id_hash), soci::into(s.user_id, ind),
                soci::into(s.created_at), soci::into(s.last_seen_at);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such session");
            return s;
        });
}

Result<void> AccountRepository::touch_session(const std::string& id_hash, const std::string& now) {
    return with_session<void>(*db_, "touching a session", [&](soci::session& sql) -> Result<void> {
        sql << kTouchSession, soci::use(now), soci::use(id_hash);
        return {};
    });
}

Result<void> AccountRepository::delete_session(const std::string& id_hash) {
    return with_session<void>(*db_, "ending a session", [&](soci::session& sql) -> Result<void> {
        sql << kDeleteSession, soci::use(id_hash);
        return {};
    });
}

Result<void> AccountRepository::delete_sessions_of(long long user_id) {
    return with_session<void>(*db_, "ending sessions", [&](soci::session& sql) -> Result<void> {
        sql << kDeleteSessionsOf, soci::use(user_id);
        return {};
    });
}

Result<int> AccountRepository::record_failure(const std::string& key, const std::string& now) {
    return with_session<int>(
        *db_, "recording a failed sign-in", [&](soci::session& sql) -> Result<int> {
            soci::transaction tx(sql);
            sql << kRecordFailure, soci::use(key), soci::use(now);
            int failures = 0;
            std::string last;
            sql << kFailures, soci::use(key), soci::into(failures), soci::into(last);
            tx.commit();
            return failures;
        });
}

Result<std::pair<int, std::string>> AccountRepository::count_within(const std::string& key, int max,
                                                                    const std::string& now,
                                                                    const std::string& restart) {
    using Out = std::pair<int, std::string>;
    return with_session<Out>(*db_, "counting an attempt", [&](soci::session& sql) -> Result<Out> {
        soci::transaction tx(sql);
        sql << kCountWithin, soci::use(key), soci::use(now), soci::use(restart), soci::use(restart),
            soci::use(max);
        Out out;
        sql << kFailures, soci::use(key), soci::into(out.first), soci::into(out.second);
        tx.commit();
        return out;
    });
}

Result<bool> AccountRepository::decide_attempt(
    const std::string& key,
    const std::function<std::optional<ThrottleCount>(const ThrottleCount&)>& decide) {
    return with_session<bool>(*db_, "deciding an attempt", [&](soci::session& sql) -> Result<bool> {
        soci::transaction tx(sql);  // rolled back unless committed: a refusal changes nothing
        sql << kLockThrottle, soci::use(key);
        ThrottleCount so_far;
        sql << kFailures, soci::use(key), soci::into(so_far.count), soci::into(so_far.last);
        auto kept = decide(so_far);
        if (!kept) return false;
        if (kept->count <= 0) {
            sql << kClearFailures, soci::use(key);
        } else {
            sql << kSetThrottle, soci::use(kept->count), soci::use(kept->last), soci::use(key);
        }
        tx.commit();
        return true;
    });
}

Result<std::optional<std::pair<int, std::string>>> AccountRepository::failures(
    const std::string& key) {
    using Out = std::optional<std::pair<int, std::string>>;
    return with_session<Out>(
        *db_, "reading failed sign-ins", [&](soci::session& sql) -> Result<Out> {
            int failures = 0;
            std::string last;
            soci::indicator ind = soci::i_null;
            sql << kFailures, soci::use(key), soci::into(failures, ind), soci::into(last);
            if (!sql.got_data()) return Out{};
            return Out{std::make_pair(failures, last)};
        });
}

Result<void> AccountRepository::clear_failures(const std::string& key) {
    return with_session<void>(*db_, "clearing failed sign-ins",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kClearFailures, soci::use(key);
                                  return {};
                              });
}

Result<long long> AccountRepository::audit(const AuditEntry& e) {
    return with_session<long long>(
        *db_, "writing the audit log", [&](soci::session& sql) -> Result<long long> {
            soci::indicator user_ind = e.user_id == 0 ? soci::i_null : soci::i_ok;
            soci::indicator org_ind = e.organization_id == 0 ? soci::i_null : soci::i_ok;
            long long id = 0;
            sql << kAudit, soci::use(e.at), soci::use(e.event), soci::use(e.user_id, user_ind),
                soci::use(e.detail), soci::use(e.address), soci::use(e.organization_id, org_ind),
                soci::into(id);
            return id;
        });
}

Result<bool> AccountRepository::audit_repeat(long long id, const std::string& at) {
    return detail::changed_one_row(*db_, "counting a repeated audit entry", kAuditRepeat, at, id);
}

namespace {
// Reads audit rows (id, at, event, user_id, detail, address, organization_id, actor) from a
// query whose parameters are bound by `bind`.
template <typename Bind>
Result<std::vector<LoggedEvent>> read_audit(Database& db, const char* what, const char* query,
                                            Bind bind) {
    using Out = std::vector<LoggedEvent>;
    return with_session<Out>(db, what, [&](soci::session& sql) -> Result<Out> {
        Out out;
        LoggedEvent e;
        soci::statement st(sql);
        bind(st);
        st.exchange(soci::into(e.id));
        st.exchange(soci::into(e.entry.at));
        st.exchange(soci::into(e.entry.event));
        st.exchange(soci::into(e.entry.user_id));
        st.exchange(soci::into(e.entry.detail));
        st.exchange(soci::into(e.entry.address));
        st.exchange(soci::into(e.entry.organization_id));
        st.exchange(soci::into(e.actor));
        st.exchange(soci::into(e.repeats));
        st.exchange(soci::into(e.last_at));
        st.alloc();
        st.prepare(query);
        st.define_and_bind();
        st.execute();
        while (st.fetch()) out.push_back(e);
        return out;
    });
}
}  // namespace

Result<std::vector<LoggedEvent>> AccountRepository::audit_entries(long long user_id, int limit) {
    return read_audit(*db_, "reading the audit log", kAuditOf, [&](soci::statement& st) {
        st.exchange(soci::use(user_id));
        st.exchange(soci::use(limit));
    });
}

Result<std::vector<LoggedEvent>> AccountRepository::organization_audit(long long organization_id,
                                                                       long long before_id,
                                                                       int limit) {
    return read_audit(*db_, "reading an organization's audit log", kOrganizationAudit,
                      [&](soci::statement& st) {
                          for (int half = 0; half < 2; ++half) {
                              st.exchange(soci::use(organization_id));
                              st.exchange(soci::use(before_id));
                              st.exchange(soci::use(limit));
                          }
                          st.exchange(soci::use(limit));
                      });
}

Result<void> AccountRepository::trim_sessions(long long user_id, int keep) {
    return with_session<void>(*db_, "ending old sessions", [&](soci::session& sql) -> Result<void> {
        sql << kTrimSessions, soci::use(user_id), soci::use(user_id), soci::use(keep);
        return {};
    });
}

Result<void> AccountRepository::purge(const std::string& idle_before,
                                      const std::string& made_before,
                                      const std::string& failures_before,
                                      const std::string& audit_before) {
    return with_session<void>(*db_, "purging old rows", [&](soci::session& sql) -> Result<void> {
        sql << kPurgeSessions, soci::use(idle_before), soci::use(made_before);
        sql << kPurgeFailures, soci::use(failures_before);
        if (!audit_before.empty()) sql << kPurgeAudit, soci::use(audit_before);
        return {};
    });
}

}  // namespace cbe::store
