#include "store/share_link_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

// COALESCE(x, 0) = :id matches the one subject column that is set (ids start at 1).
constexpr const char* kCountWorking =
    "SELECT COUNT(*) FROM share_links WHERE COALESCE(assessment_id, 0) = :a "
    "AND COALESCE(session_id, 0) = :s AND revoked_at IS NULL";
constexpr const char* kInsert =
    "INSERT INTO share_links (token_hash, assessment_id, session_id, created_by, created_at) "
    "VALUES (:hash, :a, :s, :by, :now) RETURNING id";
constexpr const char* kForSubject =
    "SELECT l.id, COALESCE(l.assessment_id, 0), COALESCE(l.session_id, 0), COALESCE(u.name, ''), "
    "l.created_at, COALESCE(l.revoked_at, '') FROM share_links l "
    "LEFT JOIN users u ON u.id = l.created_by "
    "WHERE COALESCE(l.assessment_id, 0) = :a AND COALESCE(l.session_id, 0) = :s "
    "ORDER BY l.id DESC";
constexpr const char* kRevoke =
    "UPDATE share_links SET revoked_at = :now WHERE id = :id AND COALESCE(assessment_id, 0) = :a "
    "AND COALESCE(session_id, 0) = :s AND revoked_at IS NULL";
constexpr const char* kTrimRevoked =
    "DELETE FROM share_links WHERE COALESCE(assessment_id, 0) = :a "
    "AND COALESCE(session_id, 0) = :s AND revoked_at IS NOT NULL AND id NOT IN (SELECT id FROM "
    "share_links "
    "WHERE COALESCE(assessment_id, 0) = :a2 AND COALESCE(session_id, 0) = :s2 "
    "AND revoked_at IS NOT NULL ORDER BY revoked_at DESC, id DESC LIMIT :keep)";
constexpr const char* kPurgeRevoked =
    "DELETE FROM share_links WHERE revoked_at IS NOT NULL AND revoked_at < :before";
constexpr const char* kFindWorking =
    "SELECT id, COALESCE(assessment_id, 0), COALESCE(session_id, 0), created_at "
    "FROM share_links WHERE token_hash = :hash AND revoked_at IS NULL";

}  // namespace

Result<long long> ShareLinkRepository::create(const std::string& token_hash,
                                              const PlanSubjectKey& subject, long long created_by,
                                              size_t max, const std::string& now) {
    return with_session<long long>(
        *db_, "making a share link", [&](soci::session& sql) -> Result<long long> {
            soci::transaction tx(sql);
            long long working = 0;
            sql << kCountWorking, soci::use(subject.assessment_id), soci::use(subject.session_id),
                soci::into(working);
            if (working >= static_cast<long long>(max)) {
                return tl::unexpected(
                    Error{ErrorCode::kConflict, "share.too-many", static_cast<long long>(max)});
            }
            soci::indicator a_ind = subject.assessment_id == 0 ? soci::i_null : soci::i_ok;
            soci::indicator s_ind = subject.session_id == 0 ? soci::i_null : soci::i_ok;
            soci::indicator by_ind = created_by == 0 ? soci::i_null : soci::i_ok;
            long long made = 0;
            sql << kInsert, soci::use(token_hash), soci::use(subject.assessment_id, a_ind),
                soci::use(subject.session_id, s_ind), soci::use(created_by, by_ind), soci::use(now),
                soci::into(made);
            tx.commit();
            return made;
        });
}

Result<std::vector<ShareLinkRecord>> ShareLinkRepository::for_subject(
    const PlanSubjectKey& subject) {
    return with_session<std::vector<ShareLinkRecord>>(
        *db_, "listing share links",
        [&](soci::session& sql) -> Result<std::vector<ShareLinkRecord>> {
            std::vector<ShareLinkRecord> out;
            ShareLinkRecord r;
            soci::statement st =
                (sql.prepare << kForSubject, soci::use(subject.assessment_id),
                 soci::use(subject.session_id), soci::into(r.id), soci::into(r.assessment_id),
                 soci::into(r.session_id), soci::into(r.created_by_name), soci::into(r.created_at),
                 soci::into(r.revoked_at));
            st.execute();
            while (st.fetch()) out.push_back(r);
            return out;
        });
}

Result<void> ShareLinkRepository::revoke(long long id, const PlanSubjectKey& subject,
                                         const std::string& now, size_t keep_revoked) {
    return with_session<void>(
        *db_, "revoking a share link", [&](soci::session& sql) -> Result<void> {
            soci::transaction tx(sql);
            soci::statement st = (sql.prepare << kRevoke, soci::use(now), soci::use(id),
                                  soci::use(subject.assessment_id), soci::use(subject.session_id));
            st.execute(true);
            if (st.get_affected_rows() != 1) return fail(ErrorCode::kNotFound, "share.not-found");
            auto keep = static_cast<long long>(keep_revoked);
            sql << kTrimRevoked, soci::use(subject.assessment_id), soci::use(subject.session_id),
                soci::use(subject.assessment_id), soci::use(subject.session_id), soci::use(keep);
            tx.commit();
            return {};
        });
}

Result<void> ShareLinkRepository::purge_revoked(const std::string& before) {
    return with_session<void>(*db_, "deleting revoked share links",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kPurgeRevoked, soci::use(before);
                                  return {};
                              });
}

Result<ShareLinkRecord> ShareLinkRepository::find_working(const std::string& token_hash) {
    return with_session<ShareLinkRecord>(
        *db_, "reading a share link", [&](soci::session& sql) -> Result<ShareLinkRecord> {
            ShareLinkRecord r;
            sql << kFindWorking, soci::use(token_hash), soci::into(r.id),
                soci::into(r.assessment_id), soci::into(r.session_id), soci::into(r.created_at);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "share.not-found");
            return r;
        });
}

}  // namespace cbe::store
