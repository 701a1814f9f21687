#include "store/team_session_repository.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "content/model.hpp"
#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

constexpr const char* kInsertSession =
    "INSERT INTO team_sessions (organization_id, opened_by, title, school_year, audience, "
    "content_version, join_code, created_at, min_raters) "
    "VALUES (:org, :by, :title, :year, :audience, :version, :code, :now, :min_raters) "
    "RETURNING id";
constexpr const char* kInsertElement =
    "INSERT INTO team_session_elements (session_id, position, element_id) "
    "VALUES (:id, :position, :element)";
constexpr const char* kSelectSession =
    "SELECT id, organization_id, COALESCE(opened_by, 0), title, school_year, audience, "
    "content_version, COALESCE(join_code, ''), joining_open, state, version, created_at, "
    "COALESCE(closed_at, ''), min_raters, COALESCE(closed_reason, '') FROM team_sessions ";
constexpr const char* kSessionState = "SELECT state FROM team_sessions WHERE id = :id";
constexpr const char* kOpenCounts =
    "SELECT (SELECT COUNT(*) FROM team_sessions WHERE organization_id = :org AND state = 'open'), "
    "(SELECT COUNT(*) FROM team_sessions WHERE opened_by = :user AND state = 'open')";
constexpr const char* kOpenCodes =
    "SELECT join_code FROM team_sessions WHERE state = 'open' AND join_code IS NOT NULL "
    "ORDER BY join_code";
constexpr const char* kElements =
    "SELECT position, element_id, COALESCE(revealed_at, ''), count_missing, "
    "COALESCE(outcome, ''), COALESCE(agreed_stage, ''), rationale, dissent, "
    "COALESCE(decided_at, '') FROM team_session_elements WHERE session_id = :id "
    "ORDER BY position";
constexpr const char* kRevealedAt =
    "SELECT COALESCE(revealed_at, '') FROM team_session_elements "
    "WHERE session_id = :id AND element_id = :element";

// Every change starts with the version bump, guarded by the session's state: it is the
// transaction's first statement and a write, so SQLite takes the write lock before anything is
// read (a transaction that read first could not upgrade once another had written:
// SQLITE_BUSY_SNAPSHOT, without waiting), and everything checked after it stays true until the
// commit. A later refusal returns before the commit, which rolls the bump back.
constexpr const char* kBumpIfOpen =
    "UPDATE team_sessions SET version = version + 1 WHERE id = :id AND state = 'open'";
constexpr const char* kBumpIfJoinable =
    "UPDATE team_sessions SET version = version + 1 "
    "WHERE id = :id AND state = 'open' AND joining_open = 1";
// A rating moves the board (how many answered) only when it is the participant's first for the
// element; a change of mind moves nothing.
constexpr const char* kBumpIfFirstRating =
    "UPDATE team_sessions SET version = version + CASE WHEN EXISTS (SELECT 1 FROM team_ratings r "
    "WHERE r.participant_id = :participant AND r.element_id = :element) THEN 0 ELSE 1 END "
    "WHERE id = :id AND state = 'open'";

constexpr const char* kCountParticipants =
    "SELECT COUNT(*) FROM team_participants WHERE session_id = :id";
// Read under the lock the version bump took, so the next number is still free at the insert.
constexpr const char* kHeadcount =
    "SELECT COUNT(*), COALESCE(MAX(number), 0) FROM team_participants WHERE session_id = :id";
constexpr const char* kFromAddress =
    "SELECT COUNT(*) FROM team_participants WHERE session_id = :id AND address_hash = :address";
constexpr const char* kMostFromOneAddress =
    "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM team_participants "
    "WHERE session_id = :id AND address_hash <> '' GROUP BY address_hash) AS per_address";
constexpr const char* kInsertParticipant =
    "INSERT INTO team_participants (session_id, number, display_name, token_hash, joined_at, "
    "address_hash) VALUES (:id, :number, :name, :hash, :now, :address) RETURNING id";
constexpr const char* kParticipantByNumber =
    "SELECT id, session_id, number, display_name, joined_at FROM team_participants "
    "WHERE session_id = :id AND number = :number";
constexpr const char* kDeleteParticipant =
    "DELETE FROM team_participants WHERE session_id = :id AND number = :number";
constexpr const char* kSelectParticipant =
    "SELECT id, session_id, number, display_name, joined_at FROM team_participants ";
constexpr const char* kSessionOfParticipant =
    "SELECT session_id FROM team_participants WHERE id = :id";

constexpr const char* kUpsertRating =
    "INSERT INTO team_ratings (participant_id, session_id, element_id, choice, note, updated_at) "
    "VALUES (:participant, :id, :element, :choice, :note, :now) "
    "ON CONFLICT (participant_id, element_id) DO UPDATE SET "
    "choice = excluded.choice, note = excluded.note, updated_at = excluded.updated_at";
constexpr const char* kOwnRatings =
    "SELECT r.element_id, r.choice, r.note FROM team_ratings r "
    "JOIN team_session_elements e ON e.session_id = r.session_id AND e.element_id = r.element_id "
    "WHERE r.participant_id = :participant ORDER BY e.position";
constexpr const char* kAnsweredCounts =
    "SELECT e.element_id, COUNT(r.participant_id) FROM team_session_elements e "
    "LEFT JOIN team_ratings r ON r.session_id = e.session_id AND r.element_id = e.element_id "
    "WHERE e.session_id = :id GROUP BY e.element_id, e.position ORDER BY e.position";
constexpr const char* kChoiceCounts =
    "SELECT choice, COUNT(*) FROM team_ratings WHERE session_id = :id AND element_id = :element "
    "GROUP BY choice";
constexpr const char* kNotes =
    "SELECT note FROM team_ratings WHERE session_id = :id AND element_id = :element "
    "AND note <> '' ORDER BY note";

constexpr const char* kSetJoining =
    "UPDATE team_sessions SET joining_open = :open, version = version + 1 "
    "WHERE id = :id AND state = 'open'";
// A second reveal may change whether missing answers count; it keeps the first time.
constexpr const char* kReveal =
    "UPDATE team_session_elements SET revealed_at = COALESCE(revealed_at, :now), "
    "count_missing = :missing WHERE session_id = :id AND element_id = :element";
constexpr const char* kDecide =
    "UPDATE team_session_elements SET outcome = :outcome, agreed_stage = :stage, "
    "rationale = :rationale, dissent = :dissent, decided_at = :now "
    "WHERE session_id = :id AND element_id = :element";
// The code goes back to NULL so that a new session can draw it (a partial unique index).
constexpr const char* kClose =
    "UPDATE team_sessions SET state = 'closed', join_code = NULL, joining_open = 0, "
    "closed_at = :now, closed_reason = :reason, version = version + 1 "
    "WHERE id = :id AND state = 'open'";
constexpr const char* kOpenBefore =
    "SELECT id FROM team_sessions WHERE state = 'open' AND created_at < :before "
    "ORDER BY created_at, id";
constexpr const char* kDeleteSession = "DELETE FROM team_sessions WHERE id = :id";

// A session row as SQL gives it: flags as integers, the state as text.
struct SessionRow {
    TeamSessionRecord r;
    int joining_open = 0;
    std::string state;

    TeamSessionRecord record() const {
        TeamSessionRecord out = r;
        out.joining_open = joining_open != 0;
        out.closed = state == "closed";
        return out;
    }
};

// The sessions `where` selects (bound to `key`), fetched one at a time into `row`.
template <typename Key>
soci::statement select_sessions(soci::session& sql, const std::string& where, const Key& key,
                                SessionRow& row) {
    auto& r = row.r;
    return (sql.prepare << kSelectSession + where, soci::use(key), soci::into(r.id),
            soci::into(r.organization_id), soci::into(r.opened_by), soci::into(r.title),
            soci::into(r.school_year), soci::into(r.audience), soci::into(r.content_version),
            soci::into(r.join_code), soci::into(row.joining_open), soci::into(row.state),
            soci::into(r.version), soci::into(r.created_at), soci::into(r.closed_at),
            soci::into(r.min_raters), soci::into(r.closed_reason));
}

template <typename Key>
Result<TeamSessionRecord> read_session(Database& db, const std::string& where, const Key& key) {
    return with_session<TeamSessionRecord>(
        db, "reading a team session", [&](soci::session& sql) -> Result<TeamSessionRecord> {
            SessionRow row;
            soci::statement st = select_sessions(sql, where, key, row);
            st.execute();
            if (!st.fetch()) return fail(ErrorCode::kNotFound, "no such team session");
            return row.record();
        });
}

// Why a change guarded by the session's state changed nothing: kNotFound if the session does
// not exist, else kConflict (closed, or closed to joining).
Result<void> why_unchanged(soci::session& sql, long long session_id) {
    std::string state;
    soci::indicator ind = soci::i_null;
    sql << kSessionState, soci::use(session_id), soci::into(state, ind);
    if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such team session");
    return fail(ErrorCode::kConflict, "the team session is closed (or closed to joining)");
}

// Runs a version bump (`query`, bound to `values`), in the caller's transaction if any. When it
// changed nothing: kNotFound if the session does not exist, else kConflict (closed, or closed
// to joining).
template <typename... Values>
Result<void> bump_version(soci::session& sql, long long session_id, const char* query,
                          const Values&... values) {
    soci::statement st = ((sql.prepare << query), ..., soci::use(values));
    st.execute(true);
    if (st.get_affected_rows() == 1) return {};
    return why_unchanged(sql, session_id);
}

// Runs a prepared change to one element of a session whose version the caller has just
// bumped, and commits; kNotFound (the bump rolled back) when the element is not in it.
Result<void> change_element(soci::statement& change, soci::transaction& tx) {
    change.execute(true);
    if (change.get_affected_rows() != 1) {
        return fail(ErrorCode::kNotFound, "no such element in the team session");
    }
    tx.commit();
    return {};
}

OpenCounts read_open_counts(soci::session& sql, long long organization_id, long long user_id) {
    OpenCounts out;
    sql << kOpenCounts, soci::use(organization_id), soci::use(user_id),
        soci::into(out.organization), soci::into(out.facilitator);
    return out;
}

constexpr const char* kCreating = "creating a team session";

}  // namespace

Result<void> room_for_one_more(const OpenCounts& open, const OpenSessionCaps& caps) {
    if (caps.per_organization > 0 && open.organization >= caps.per_organization) {
        return tl::unexpected(
            Error{ErrorCode::kConflict, "session.too-many-open", caps.per_organization});
    }
    if (caps.per_facilitator > 0 && open.facilitator >= caps.per_facilitator) {
        return tl::unexpected(
            Error{ErrorCode::kConflict, "session.too-many-open-yours", caps.per_facilitator});
    }
    return {};
}

Result<TeamSessionRecord> TeamSessionRepository::create(const NewTeamSession& session,
                                                        const std::string& now,
                                                        const OpenSessionCaps& caps) {
    auto id =
        with_session<long long>(*db_, kCreating, [&](soci::session& sql) -> Result<long long> {
            soci::indicator by_ind = session.opened_by == 0 ? soci::i_null : soci::i_ok;
            soci::transaction tx(sql);
            long long made = 0;
            // The write first: it takes the write lock before anything is read, so the counts below
            // include every session committed before and none can be added until the commit. A join
            // code taken by another open session fails the unique index: a constraint violation,
            // which database_error reports as kConflict.
            sql << kInsertSession, soci::use(session.organization_id),
                soci::use(session.opened_by, by_ind), soci::use(session.title),
                soci::use(session.school_year), soci::use(session.audience),
                soci::use(session.content_version), soci::use(session.join_code), soci::use(now),
                soci::use(session.min_raters), soci::into(made);
            OpenCounts open = read_open_counts(sql, session.organization_id, session.opened_by);
            // Without the new one: is there room for it? A refusal returns before the commit, which
            // rolls the insert back.
            if (auto room = room_for_one_more({open.organization - 1, open.facilitator - 1}, caps);
                !room) {
                return tl::unexpected(room.error());
            }
            int position = 0;
            std::string element;
            soci::statement insert = (sql.prepare << kInsertElement, soci::use(made),
                                      soci::use(position), soci::use(element));
            for (const auto& element_id : session.element_ids) {
                ++position;
                element = element_id;
                insert.execute(true);
            }
            tx.commit();
            return made;
        });
    if (!id) {
        // database_error names a constraint violation by what was being done (kCreating).
        if (id.error().code == ErrorCode::kConflict && id.error().message == kCreating) {
            return fail(ErrorCode::kConflict, "session.code-taken");
        }
        return tl::unexpected(id.error());
    }
    return find(*id);
}

Result<TeamSessionRecord> TeamSessionRepository::find(long long id) {
    return read_session(*db_, "WHERE id = :id", id);
}

Result<TeamSessionRecord> TeamSessionRepository::find_open_by_code(const std::string& join_code) {
    if (join_code.empty()) return fail(ErrorCode::kNotFound, "no such team session");
    return read_session(*db_, "WHERE join_code = :code AND state = 'open'", join_code);
}

Result<std::vector<TeamSessionRecord>> TeamSessionRepository::for_organization(
    long long organization_id) {
    using Out = std::vector<TeamSessionRecord>;
    return with_session<Out>(
        *db_, "reading an organization's team sessions", [&](soci::session& sql) -> Result<Out> {
            Out out;
            SessionRow row;
            soci::statement st = select_sessions(
                sql, "WHERE organization_id = :org ORDER BY created_at DESC, id DESC",
                organization_id, row);
            st.execute();
            while (st.fetch()) out.push_back(row.record());
            return out;
        });
}

Result<OpenCounts> TeamSessionRepository::open_counts(long long organization_id,
                                                      long long user_id) {
    return with_session<OpenCounts>(*db_, "counting open team sessions",
                                    [&](soci::session& sql) -> Result<OpenCounts> {
                                        return read_open_counts(sql, organization_id, user_id);
                                    });
}

Result<std::vector<std::string>> TeamSessionRepository::open_join_codes() {
    using Out = std::vector<std::string>;
    return with_session<Out>(*db_, "reading join codes", [&](soci::session& sql) -> Result<Out> {
        Out out;
        std::string code;
        soci::statement st = (sql.prepare << kOpenCodes, soci::into(code));
        st.execute();
        while (st.fetch()) out.push_back(code);
        return out;
    });
}

Result<std::vector<SessionElementRecord>> TeamSessionRepository::elements(long long session_id) {
    using Out = std::vector<SessionElementRecord>;
    return with_session<Out>(
        *db_, "reading a team session's elements", [&](soci::session& sql) -> Result<Out> {
            Out out;
            SessionElementRecord e;
            int count_missing = 0;
            soci::statement st =
                (sql.prepare << kElements, soci::use(session_id), soci::into(e.position),
                 soci::into(e.element_id), soci::into(e.revealed_at), soci::into(count_missing),
                 soci::into(e.outcome), soci::into(e.agreed_stage), soci::into(e.rationale),
                 soci::into(e.dissent), soci::into(e.decided_at));
            st.execute();
            while (st.fetch()) {
                e.count_missing = count_missing != 0;
                out.push_back(e);
            }
            return out;
        });
}

Result<ParticipantRecord> TeamSessionRepository::join(long long session_id,
                                                      const NewParticipant& who,
                                                      const JoinBounds& bounds,
                                                      const std::string& now) {
    return with_session<ParticipantRecord>(
        *db_, "joining a team session", [&](soci::session& sql) -> Result<ParticipantRecord> {
            soci::transaction tx(sql);
            auto bumped = bump_version(sql, session_id, kBumpIfJoinable, session_id);
            if (!bumped) return tl::unexpected(bumped.error());
            long long joined = 0;
            int last_number = 0;
            sql << kHeadcount, soci::use(session_id), soci::into(joined), soci::into(last_number);
            if (static_cast<size_t>(joined) >= bounds.max_participants) {
                return fail(ErrorCode::kTooLarge, "the team session is full");  // rolls back
            }
            // Counted under the lock the bump took: concurrent joins from one address are
            // counted one after another, never past the bound (ADR 0007).
            if (bounds.max_per_address > 0 && !who.address_hash.empty()) {
                long long from_address = 0;
                sql << kFromAddress, soci::use(session_id), soci::use(who.address_hash),
                    soci::into(from_address);
                if (static_cast<size_t>(from_address) >= bounds.max_per_address) {
                    return fail(ErrorCode::kRateLimited, "too many joins from one address");
                }
            }
            ParticipantRecord p{0, session_id, last_number + 1, who.display_name, now};
            sql << kInsertParticipant, soci::use(session_id), soci::use(p.number),
                soci::use(who.display_name), soci::use(who.token_hash), soci::use(now),
                soci::use(who.address_hash), soci::into(p.id);
            tx.commit();
            return p;
        });
}

Result<long long> TeamSessionRepository::most_from_one_address(long long session_id) {
    return with_session<long long>(
        *db_, "counting joins per address", [&](soci::session& sql) -> Result<long long> {
            long long most = 0;
            sql << kMostFromOneAddress, soci::use(session_id), soci::into(most);
            return most;
        });
}

namespace {
template <typename Key>
Result<std::vector<ParticipantRecord>> read_participants(Database& db, const std::string& where,
                                                         const Key& key) {
    using Out = std::vector<ParticipantRecord>;
    return with_session<Out>(db, "reading participants", [&](soci::session& sql) -> Result<Out> {
        Out out;
        ParticipantRecord p;
        soci::statement st = (sql.prepare << kSelectParticipant + where, soci::use(key),
                              soci::into(p.id), soci::into(p.session_id), soci::into(p.number),
                              soci::into(p.display_name), soci::into(p.joined_at));
        st.execute();
        while (st.fetch()) out.push_back(p);
        return out;
    });
}
}  // namespace

Result<ParticipantRecord> TeamSessionRepository::participant(const std::string& token_hash) {
    auto found = read_participants(*db_, "WHERE token_hash = :hash", token_hash);
    if (!found) return tl::unexpected(found.error());
    if (found->empty()) return fail(ErrorCode::kNotFound, "no such participant");
    return found->front();
}

Result<std::vector<ParticipantRecord>> TeamSessionRepository::participants(long long session_id) {
    return read_participants(*db_, "WHERE session_id = :id ORDER BY number", session_id);
}

Result<void> TeamSessionRepository::rate(long long participant_id, const std::string& element_id,
                                         const std::string& choice, const std::string& note,
                                         const std::string& now) {
    return with_session<void>(*db_, "saving a rating", [&](soci::session& sql) -> Result<void> {
        // A participant never changes session, so this read needs no transaction (and must
        // not open one: the transaction below has to begin with its write).
        long long session_id = 0;
        soci::indicator ind = soci::i_null;
        sql << kSessionOfParticipant, soci::use(participant_id), soci::into(session_id, ind);
        if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such participant");

        soci::transaction tx(sql);
        auto bumped = bump_version(sql, session_id, kBumpIfFirstRating, participant_id, element_id,
                                   session_id);
        if (!bumped) return tl::unexpected(bumped.error());
        std::string revealed_at;
        sql << kRevealedAt, soci::use(session_id), soci::use(element_id), soci::into(revealed_at);
        if (!sql.got_data()) {
            return fail(ErrorCode::kInvalidInput, "no such element in the team session");
        }
        if (!revealed_at.empty()) return fail(ErrorCode::kConflict, "the element is revealed");
        sql << kUpsertRating, soci::use(participant_id), soci::use(session_id),
            soci::use(element_id), soci::use(choice), soci::use(note), soci::use(now);
        tx.commit();
        return {};
    });
}

Result<std::vector<OwnRating>> TeamSessionRepository::own_ratings(long long participant_id) {
    using Out = std::vector<OwnRating>;
    return with_session<Out>(*db_, "reading own ratings", [&](soci::session& sql) -> Result<Out> {
        Out out;
        OwnRating r;
        soci::statement st = (sql.prepare << kOwnRatings, soci::use(participant_id),
                              soci::into(r.element_id), soci::into(r.choice), soci::into(r.note));
        st.execute();
        while (st.fetch()) out.push_back(r);
        return out;
    });
}

Result<std::vector<std::pair<std::string, size_t>>> TeamSessionRepository::answered_counts(
    long long session_id) {
    using Out = std::vector<std::pair<std::string, size_t>>;
    return with_session<Out>(*db_, "counting answers", [&](soci::session& sql) -> Result<Out> {
        Out out;
        std::string element;
        long long n = 0;
        soci::statement st = (sql.prepare << kAnsweredCounts, soci::use(session_id),
                              soci::into(element), soci::into(n));
        st.execute();
        while (st.fetch()) out.emplace_back(element, static_cast<size_t>(n));
        return out;
    });
}

Result<assessment::Consensus> TeamSessionRepository::element_counts(long long session_id,
                                                                    const std::string& element_id,
                                                                    bool count_missing) {
    using assessment::ChoiceKind;
    return with_session<assessment::Consensus>(
        *db_, "counting ratings", [&](soci::session& sql) -> Result<assessment::Consensus> {
            assessment::Consensus counts;
            size_t raters = 0;
            std::string choice;
            long long n = 0;
            // One snapshot for both reads, so that no_rating never counts a rater as missing.
            soci::transaction tx(sql);
            soci::statement st = (sql.prepare << kChoiceCounts, soci::use(session_id),
                                  soci::use(element_id), soci::into(choice), soci::into(n));
            st.execute();
            while (st.fetch()) {
                auto count = static_cast<size_t>(n);
                raters += count;
                auto parsed = assessment::Choice::parse(choice);
                if (!parsed) continue;  // written by an older or newer program: skip it
                if (parsed->kind == ChoiceKind::kStage) counts.per_stage.at(parsed->stage) += count;
                if (parsed->kind == ChoiceKind::kNotSure) counts.not_sure += count;
                if (parsed->kind == ChoiceKind::kNotApplicable) counts.not_applicable += count;
            }
            if (count_missing) {
                long long joined = 0;
                sql << kCountParticipants, soci::use(session_id), soci::into(joined);
                auto everyone = static_cast<size_t>(joined);
                counts.no_rating = everyone - std::min(raters, everyone);
            }
            tx.commit();
            return assessment::summarize(counts);
        });
}

Result<std::vector<std::string>> TeamSessionRepository::element_notes(
    long long session_id, const std::string& element_id) {
    using Out = std::vector<std::string>;
    return with_session<Out>(*db_, "reading notes", [&](soci::session& sql) -> Result<Out> {
        Out out;
        std::string note;
        soci::statement st =
            (sql.prepare << kNotes, soci::use(session_id), soci::use(element_id), soci::into(note));
        st.execute();
        while (st.fetch()) out.push_back(note);
        return out;
    });
}

Result<void> TeamSessionRepository::set_joining(long long session_id, bool open) {
    int flag = open ? 1 : 0;
    return with_session<void>(
        *db_, "opening or closing joining", [&](soci::session& sql) -> Result<void> {
            return bump_version(sql, session_id, kSetJoining, flag, session_id);
        });
}

Result<void> TeamSessionRepository::reveal(long long session_id, const std::string& element_id,
                                           bool count_missing, const std::string& now) {
    int missing = count_missing ? 1 : 0;
    return with_session<void>(
        *db_, "revealing an element", [&](soci::session& sql) -> Result<void> {
            soci::transaction tx(sql);
            auto bumped = bump_version(sql, session_id, kBumpIfOpen, session_id);
            if (!bumped) return bumped;
            soci::statement st = (sql.prepare << kReveal, soci::use(now), soci::use(missing),
                                  soci::use(session_id), soci::use(element_id));
            return change_element(st, tx);
        });
}

Result<void> TeamSessionRepository::decide(long long session_id, const std::string& element_id,
                                           const std::string& outcome,
                                           const std::string& agreed_stage,
                                           const std::string& rationale, const std::string& dissent,
                                           const std::string& now) {
    bool agreed = outcome == "agreed" && content::stage_index(agreed_stage).has_value();
    bool no_agreement = outcome == "no-agreement" && agreed_stage.empty();
    if (!agreed && !no_agreement) {
        return fail(ErrorCode::kInvalidInput,
                    "a decision is \"agreed\" with a stage, or \"no-agreement\" without one");
    }
    return with_session<void>(
        *db_, "recording a decision", [&](soci::session& sql) -> Result<void> {
            soci::indicator stage_ind = agreed ? soci::i_ok : soci::i_null;
            soci::transaction tx(sql);
            auto bumped = bump_version(sql, session_id, kBumpIfOpen, session_id);
            if (!bumped) return bumped;
            soci::statement st =
                (sql.prepare << kDecide, soci::use(outcome), soci::use(agreed_stage, stage_ind),
                 soci::use(rationale), soci::use(dissent), soci::use(now), soci::use(session_id),
                 soci::use(element_id));
            return change_element(st, tx);
        });
}

Result<void> TeamSessionRepository::close(long long session_id, const std::string& now,
                                          const std::string& reason) {
    soci::indicator reason_ind = reason.empty() ? soci::i_null : soci::i_ok;
    return with_session<void>(
        *db_, "closing a team session", [&](soci::session& sql) -> Result<void> {
            soci::statement st = (sql.prepare << kClose, soci::use(now),
                                  soci::use(reason, reason_ind), soci::use(session_id));
            st.execute(true);
            if (st.get_affected_rows() == 1) return {};
            return why_unchanged(sql, session_id);
        });
}

Result<std::vector<long long>> TeamSessionRepository::open_before(const std::string& before) {
    using Out = std::vector<long long>;
    return with_session<Out>(
        *db_, "finding sessions open too long", [&](soci::session& sql) -> Result<Out> {
            Out out;
            long long id = 0;
            soci::statement st = (sql.prepare << kOpenBefore, soci::use(before), soci::into(id));
            st.execute();
            while (st.fetch()) out.push_back(id);
            return out;
        });
}

Result<ParticipantRecord> TeamSessionRepository::remove_participant(long long session_id,
                                                                    int number) {
    return with_session<ParticipantRecord>(
        *db_, "removing a participant", [&](soci::session& sql) -> Result<ParticipantRecord> {
            soci::transaction tx(sql);
            auto bumped = bump_version(sql, session_id, kBumpIfOpen, session_id);
            if (!bumped) return tl::unexpected(bumped.error());
            ParticipantRecord p;
            sql << kParticipantByNumber, soci::use(session_id), soci::use(number), soci::into(p.id),
                soci::into(p.session_id), soci::into(p.number), soci::into(p.display_name),
                soci::into(p.joined_at);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such participant");
            sql << kDeleteParticipant, soci::use(session_id), soci::use(number);
            tx.commit();
            return p;
        });
}

Result<void> TeamSessionRepository::remove(long long session_id) {
    // Participants, ratings and elements go with it: ON DELETE CASCADE, with foreign keys
    // switched on for every pooled connection (Database::open_sqlite).
    return with_session<void>(*db_, "deleting a team session",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kDeleteSession, soci::use(session_id);
                                  return {};
                              });
}

}  // namespace cbe::store
