#include "store/assessment_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

constexpr const char* kInsertAssessment =
    "INSERT INTO assessments (token_hash, audience, label, content_version, created_at, "
    "updated_at) "
    "VALUES (:token_hash, :audience, :label, :version, :now, :now2)";
constexpr const char* kSelectAssessment =
    "SELECT id, audience, label, content_version, revision, COALESCE(organization_id, 0), "
    "created_at, updated_at FROM assessments ";
constexpr const char* kAnswers =
    "SELECT element_id, choice, note FROM answers WHERE assessment_id = :id";
constexpr const char* kUpsertAnswer =
    "INSERT INTO answers (assessment_id, element_id, choice, note, updated_at) "
    "VALUES (:id, :element, :choice, :note, :now) "
    "ON CONFLICT (assessment_id, element_id) DO UPDATE SET "
    "choice = excluded.choice, note = excluded.note, updated_at = excluded.updated_at";
constexpr const char* kTouchAssessment =
    "UPDATE assessments SET updated_at = :now, revision = revision + 1 WHERE id = :id";
constexpr const char* kDeleteAssessment = "DELETE FROM assessments WHERE id = :id";

}  // namespace

// The hot path (saving an answer) keeps its statements prepared on each pooled session. They
// hold the session they were prepared on: the pool may replace a session that failed, and these
// are then prepared again on the new one (the old one lives until they are gone).
struct AssessmentRepository::Prepared {
    explicit Prepared(std::shared_ptr<soci::session> session)
        : owner(std::move(session)),
          upsert((owner->prepare << kUpsertAnswer, soci::use(id), soci::use(element),
                  soci::use(choice), soci::use(note), soci::use(now))),
          touch((owner->prepare << kTouchAssessment, soci::use(now2), soci::use(id2))) {}
    std::shared_ptr<soci::session> owner;  // first member: destroyed after the statements
    long long id = 0, id2 = 0;
    std::string element, choice, note, now, now2;
    soci::statement upsert;
    soci::statement touch;
};

AssessmentRepository::AssessmentRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {
    prepared_.resize(db_->pool_size());
}

AssessmentRepository::~AssessmentRepository() = default;

Result<AssessmentRecord> AssessmentRepository::create(const std::string& token_hash,
                                                      const std::string& audience,
                                                      const std::string& label,
                                                      const std::string& content_version,
                                                      const std::string& now) {
    auto made =
        with_session<bool>(*db_, "creating an assessment", [&](soci::session& sql) -> Result<bool> {
            sql << kInsertAssessment, soci::use(token_hash), soci::use(audience), soci::use(label),
                soci::use(content_version), soci::use(now), soci::use(now);
            return true;
        });
    if (!made) return tl::unexpected(made.error());
    return find(token_hash);
}

namespace {
// Reads the one assessment `where` selects, bound to `key`.
template <typename Key>
Result<AssessmentRecord> read_assessment(soci::session& sql, const char* where, const Key& key) {
    AssessmentRecord r;
    soci::indicator found = soci::i_null;
    sql << std::string(kSelectAssessment) + where, soci::use(key), soci::into(r.id, found),
        soci::into(r.audience), soci::into(r.label), soci::into(r.content_version),
        soci::into(r.revision), soci::into(r.organization_id), soci::into(r.created_at),
        soci::into(r.updated_at);
    if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such assessment");
    return r;
}
}  // namespace

Result<AssessmentRecord> AssessmentRepository::find(const std::string& token_hash) {
    return with_session<AssessmentRecord>(*db_, "finding an assessment", [&](soci::session& sql) {
        return read_assessment(sql, "WHERE token_hash = :token_hash", token_hash);
    });
}

Result<AssessmentRecord> AssessmentRepository::find_by_id(long long id) {
    return with_session<AssessmentRecord>(*db_, "finding an assessment", [&](soci::session& sql) {
        return read_assessment(sql, "WHERE id = :id", id);
    });
}

Result<std::vector<assessment::Answer>> AssessmentRepository::answers(long long assessment_id) {
    using Answers = std::vector<assessment::Answer>;
    return with_session<Answers>(
        *db_, "reading answers", [&](soci::session& sql) -> Result<Answers> {
            Answers out;
            std::string element, choice, note;
            soci::statement st = (sql.prepare << kAnswers, soci::use(assessment_id),
                                  soci::into(element), soci::into(choice), soci::into(note));
            st.execute();
            while (st.fetch()) {
                auto parsed = assessment::Choice::parse(choice);
                if (!parsed) continue;  // written by an older or newer program: skip, keep going
                out.push_back({element, *parsed, note});
            }
            return out;
        });
}

Result<void> AssessmentRepository::save_answer(long long assessment_id,
                                               const assessment::Answer& answer,
                                               const std::string& now) {
    auto lease = db_->lease();
    if (!lease) return tl::unexpected(lease.error());
    try {
        soci::session& sql = lease->session();
        auto& p = prepared_[lease->slot()];
        if (!p || p->owner.get() != &sql) {
            p.reset();  // statements of a replaced session go before it does
            p = std::make_unique<Prepared>(lease->shared_session());
        }
        p->id = p->id2 = assessment_id;
        p->element = answer.element_id;
        p->choice = answer.choice.id();
        p->note = answer.note;
        p->now = p->now2 = now;
        soci::transaction tx(sql);
        p->upsert.execute(true);
        p->touch.execute(true);
        tx.commit();
        return {};
    } catch (const std::exception& e) {
        return tl::unexpected(database_error("saving an answer", e));
    }
}

Result<void> AssessmentRepository::remove(long long assessment_id) {
    return with_session<void>(*db_, "deleting an assessment",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kDeleteAssessment, soci::use(assessment_id);
                                  return {};
                              });
}

}  // namespace cbe::store
