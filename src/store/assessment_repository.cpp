#include "store/assessment_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

constexpr const char* kInsertAssessment =
    "INSERT INTO assessments (token_hash, audience, label, content_version, created_at, "
    "updated_at, school_year) "
    "VALUES (:token_hash, :audience, :label, :version, :now, :now2, :school_year)";
constexpr const char* kSelectAssessment =
    "SELECT id, audience, label, content_version, revision, COALESCE(organization_id, 0), "
    "created_at, updated_at, link_access, school_year, COALESCE(link_ended_at, '') "
    "FROM assessments ";
constexpr const char* kAnswers =
    "SELECT element_id, choice, note FROM answers WHERE assessment_id = :id";
constexpr const char* kUpsertAnswer =
    "INSERT INTO answers (assessment_id, element_id, choice, note, updated_at) "
    "VALUES (:id, :element, :choice, :note, :now) "
    "ON CONFLICT (assessment_id, element_id) DO UPDATE SET "
    "choice = excluded.choice, note = excluded.note, updated_at = excluded.updated_at";
// Run just before the upsert, in its transaction: the value it is about to replace, when the
// new one differs (saving the same answer again keeps nothing).
constexpr const char* kKeepEarlier =
    "INSERT INTO answer_history (assessment_id, element_id, choice, note, answered_at, "
    "replaced_at) "
    "SELECT assessment_id, element_id, choice, note, updated_at, :now FROM answers "
    "WHERE assessment_id = :id AND element_id = :element AND (choice <> :choice OR note <> :note)";
// The earlier values of one answer beyond the newest :keep (ids grow with time).
constexpr const char* kTrimHistory =
    "DELETE FROM answer_history WHERE assessment_id = :id AND element_id = :element AND id <= "
    "(SELECT id FROM answer_history WHERE assessment_id = :id2 AND element_id = :element2 "
    "ORDER BY id DESC LIMIT 1 OFFSET :keep)";
constexpr const char* kHistory =
    "SELECT element_id, choice, note, answered_at, replaced_at FROM answer_history "
    "WHERE assessment_id = :id ORDER BY id";
constexpr const char* kSetSchoolYear =
    "UPDATE assessments SET school_year = :year, updated_at = :now, revision = revision + 1 "
    "WHERE id = :id";
constexpr const char* kFlags =
    "SELECT element_id, note FROM answers WHERE assessment_id = :id AND choice = :flagged";
// Clearing keeps the cleared value in answer_history too, in the same transaction.
constexpr const char* kKeepCleared =
    "INSERT INTO answer_history (assessment_id, element_id, choice, note, answered_at, "
    "replaced_at) "
    "SELECT assessment_id, element_id, choice, note, updated_at, :now FROM answers "
    "WHERE assessment_id = :id AND element_id = :element";
constexpr const char* kClearStep =
    "DELETE FROM answers WHERE assessment_id = :id AND element_id = :element";
constexpr const char* kTouchAssessment =
    "UPDATE assessments SET updated_at = :now, revision = revision + 1 WHERE id = :id";
constexpr const char* kDeleteAssessment = "DELETE FROM assessments WHERE id = :id";
constexpr const char* kSetLinkAccess =
    "UPDATE assessments SET link_access = :access WHERE id = :id";
constexpr const char* kEndPrivateLink =
    "UPDATE assessments SET token_hash = :hash, link_ended_at = :now WHERE id = :id AND "
    "link_ended_at IS NULL";

}  // namespace

// The hot path (saving an answer) keeps its statements prepared on each pooled session. They
// hold the session they were prepared on: the pool may replace a session that failed, and these
// are then prepared again on the new one (the old one lives until they are gone).
struct AssessmentRepository::Prepared {
    explicit Prepared(std::shared_ptr<soci::session> session)
        : owner(std::move(session)),
          keep((owner->prepare << kKeepEarlier, soci::use(now), soci::use(id), soci::use(element),
                soci::use(choice), soci::use(note))),
          upsert((owner->prepare << kUpsertAnswer, soci::use(id), soci::use(element),
                  soci::use(choice), soci::use(note), soci::use(now))),
          touch((owner->prepare << kTouchAssessment, soci::use(now2), soci::use(id2))),
          trim((owner->prepare << kTrimHistory, soci::use(id3), soci::use(element3), soci::use(id4),
                soci::use(element4), soci::use(keep_history))) {}
    std::shared_ptr<soci::session> owner;  // first member: destroyed after the statements
    long long id = 0, id2 = 0, id3 = 0, id4 = 0, keep_history = 0;
    std::string element, choice, note, now, now2, element3, element4;
    soci::statement keep;  // the earlier value into answer_history
    soci::statement upsert;
    soci::statement touch;
    soci::statement trim;  // answer_history beyond the newest `keep_history` of the element
};

AssessmentRepository::AssessmentRepository(std::shared_ptr<Database> db, size_t history_per_element)
    : db_(std::move(db)), history_per_element_(static_cast<long long>(history_per_element)) {
    prepared_.resize(db_->pool_size());
}

AssessmentRepository::~AssessmentRepository() = default;

Result<AssessmentRecord> AssessmentRepository::create(
    const std::string& token_hash, const std::string& audience, const std::string& label,
    const std::string& content_version, const std::string& now, const std::string& school_year) {
    auto made =
        with_session<bool>(*db_, "creating an assessment", [&](soci::session& sql) -> Result<bool> {
            sql << kInsertAssessment, soci::use(token_hash), soci::use(audience), soci::use(label),
                soci::use(content_version), soci::use(now), soci::use(now), soci::use(school_year);
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
        soci::into(r.updated_at), soci::into(r.link_access), soci::into(r.school_year),
        soci::into(r.link_ended_at);
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

Result<std::vector<assessment::Flag>> AssessmentRepository::flags(long long assessment_id) {
    using Flags = std::vector<assessment::Flag>;
    return with_session<Flags>(*db_, "reading flags", [&](soci::session& sql) -> Result<Flags> {
        Flags out;
        std::string element, note, flagged(assessment::kFlaggedChoice);
        soci::statement st = (sql.prepare << kFlags, soci::use(assessment_id), soci::use(flagged),
                              soci::into(element), soci::into(note));
        st.execute();
        while (st.fetch()) out.push_back({element, note});
        return out;
    });
}

Result<void> AssessmentRepository::save_answer(long long assessment_id,
                                               const assessment::Answer& answer,
                                               const std::string& now) {
    return upsert(assessment_id, answer.element_id, answer.choice.id(), answer.note, now);
}

Result<void> AssessmentRepository::save_flag(long long assessment_id, const assessment::Flag& flag,
                                             const std::string& now) {
    return upsert(assessment_id, flag.element_id, std::string(assessment::kFlaggedChoice),
                  flag.note, now);
}

Result<bool> AssessmentRepository::clear_step(long long assessment_id,
                                              const std::string& element_id,
                                              const std::string& now) {
    return with_session<bool>(*db_, "clearing an answer", [&](soci::session& sql) -> Result<bool> {
        soci::transaction tx(sql);
        sql << kKeepCleared, soci::use(now), soci::use(assessment_id), soci::use(element_id);
        if (history_per_element_ > 0) {
            sql << kTrimHistory, soci::use(assessment_id), soci::use(element_id),
                soci::use(assessment_id), soci::use(element_id), soci::use(history_per_element_);
        }
        soci::statement st =
            (sql.prepare << kClearStep, soci::use(assessment_id), soci::use(element_id));
        st.execute(true);
        bool removed = st.get_affected_rows() > 0;
        if (removed) sql << kTouchAssessment, soci::use(now), soci::use(assessment_id);
        tx.commit();
        return removed;
    });
}

Result<void> AssessmentRepository::upsert(long long assessment_id, const std::string& element_id,
                                          const std::string& choice, const std::string& note,
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
        p->element = element_id;
        p->choice = choice;
        p->note = note;
        p->now = p->now2 = now;
        soci::transaction tx(sql);
        p->keep.execute(true);
        if (history_per_element_ > 0 && p->keep.get_affected_rows() > 0) {
            p->id3 = p->id4 = assessment_id;
            p->element3 = p->element4 = element_id;
            p->keep_history = history_per_element_;
            p->trim.execute(true);
        }
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

Result<void> AssessmentRepository::set_link_access(long long assessment_id,
                                                   const std::string& link_access) {
    auto changed = detail::changed_one_row(*db_, "changing what a private link may do",
                                           kSetLinkAccess, link_access, assessment_id);
    if (!changed) return tl::unexpected(changed.error());
    if (!*changed) return fail(ErrorCode::kNotFound, "no such assessment");
    return {};
}

Result<void> AssessmentRepository::end_private_link(long long assessment_id,
                                                    const std::string& unheld_token_hash,
                                                    const std::string& now) {
    auto changed = detail::changed_one_row(*db_, "ending a private link", kEndPrivateLink,
                                           unheld_token_hash, now, assessment_id);
    if (!changed) return tl::unexpected(changed.error());
    if (*changed) return {};
    auto still = find_by_id(assessment_id);
    if (!still) return tl::unexpected(still.error());
    return fail(ErrorCode::kConflict, "assessment.link-ended");
}

Result<void> AssessmentRepository::set_school_year(long long assessment_id,
                                                   const std::string& school_year,
                                                   const std::string& now) {
    auto changed = detail::changed_one_row(*db_, "setting the school year", kSetSchoolYear,
                                           school_year, now, assessment_id);
    if (!changed) return tl::unexpected(changed.error());
    if (!*changed) return fail(ErrorCode::kNotFound, "no such assessment");
    return {};
}

Result<std::vector<AnswerHistoryRecord>> AssessmentRepository::history(long long assessment_id) {
    using Rows = std::vector<AnswerHistoryRecord>;
    return with_session<Rows>(
        *db_, "reading answer history", [&](soci::session& sql) -> Result<Rows> {
            Rows out;
            AnswerHistoryRecord row;
            soci::statement st =
                (sql.prepare << kHistory, soci::use(assessment_id), soci::into(row.element_id),
                 soci::into(row.choice), soci::into(row.note), soci::into(row.answered_at),
                 soci::into(row.replaced_at));
            st.execute();
            while (st.fetch()) out.push_back(row);
            return out;
        });
}

}  // namespace cbe::store
