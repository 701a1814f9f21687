// Live team sessions: sessions, their elements (reveal and decision), participants and their
// ratings. SQL in team_session_repository.cpp; schema in migrations/sqlite/0007_team_sessions.sql.
//
// Privacy by construction: no function returns one participant's rating of another, or who
// wrote a note. Ratings come back only as counts per choice (element_counts) and notes only
// unattributed (element_notes); a participant reads back their own ratings by their own id.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment/consensus.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

struct TeamSessionRecord {
    long long id = 0;
    long long organization_id = 0;
    long long opened_by = 0;  // 0: the user was deleted
    std::string title;
    std::string school_year;  // "2026-27"
    std::string audience;
    std::string content_version;
    std::string join_code;  // empty once closed
    bool joining_open = true;
    bool closed = false;
    long long version = 1;
    std::string created_at;
    std::string closed_at;  // empty while open
    // The fewest raters whose totals of an element are shown (assessment::may_show).
    long long min_raters = 3;
    std::string closed_reason;  // "" (open, or closed by its facilitator) or "expired"
};

struct SessionElementRecord {
    int position = 0;  // 1-based order of discussion
    std::string element_id;
    std::string revealed_at;  // empty until revealed
    bool count_missing = false;
    std::string outcome;       // "", "agreed" or "no-agreement"
    std::string agreed_stage;  // a stage id when agreed
    std::string rationale;
    std::string dissent;
    std::string decided_at;
};

struct ParticipantRecord {
    long long id = 0;
    long long session_id = 0;
    int number = 0;  // order of joining, for "Participant 4"
    std::string display_name;
    std::string joined_at;
};

struct OwnRating {
    std::string element_id;
    std::string choice;  // a stage id, "not-sure" or "not-applicable"
    std::string note;
};

struct NewTeamSession {
    long long organization_id = 0;
    long long opened_by = 0;
    std::string title;
    std::string school_year;
    std::string audience;
    std::string content_version;
    std::string join_code;
    std::vector<std::string> element_ids;  // in discussion order
    long long min_raters = 3;
};

// Who joins, and the bounds a join is checked against in its transaction.
struct NewParticipant {
    std::string token_hash;
    std::string display_name;
    // A hash of the address they joined from and this session (never the address itself);
    // empty for the facilitator who rates too, who is not counted against an address.
    std::string address_hash;
};

struct JoinBounds {
    size_t max_participants = 0;
    size_t max_per_address = 0;  // 0: no bound
};

// Open sessions at once (0: no limit): in the organization, and opened by one facilitator in any
// organization (each holds a join code).
struct OpenSessionCaps {
    long long per_organization = 0;
    long long per_facilitator = 0;
};

// Open sessions now: in an organization, and opened by one facilitator.
struct OpenCounts {
    long long organization = 0;
    long long facilitator = 0;
};

// Whether one more session fits beside `open`: kConflict "session.too-many-open" (the
// organization's cap) or "session.too-many-open-yours" (the facilitator's), the cap as its number.
[[nodiscard]] Result<void> room_for_one_more(const OpenCounts& open, const OpenSessionCaps& caps);

class TeamSessionRepository {
  public:
    explicit TeamSessionRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // The session and its elements in one transaction, which then counts the open sessions
    // (with the new one) and rolls back past `caps` (room_for_one_more's kConflict): the write
    // comes first, so concurrent creates are counted one after another, never past a cap.
    // kConflict "session.code-taken" when the join code is taken by another open session (the
    // caller draws another).
    [[nodiscard]] Result<TeamSessionRecord> create(const NewTeamSession& session,
                                                   const std::string& now,
                                                   const OpenSessionCaps& caps = {});
    [[nodiscard]] Result<TeamSessionRecord> find(long long id);  // kNotFound when absent
    // The open session with this join code; kNotFound when none (never made, or closed).
    [[nodiscard]] Result<TeamSessionRecord> find_open_by_code(const std::string& join_code);
    // Every session of an organization, newest first.
    [[nodiscard]] Result<std::vector<TeamSessionRecord>> for_organization(
        long long organization_id);
    // The open sessions of the organization, and those `user_id` opened in any organization. Only
    // an early answer (create() decides, in its transaction), so that a refusal at a cap can come
    // before anything is counted against the opening rate.
    [[nodiscard]] Result<OpenCounts> open_counts(long long organization_id, long long user_id);
    // The join codes of every open session (to draw a new one that is not among them).
    [[nodiscard]] Result<std::vector<std::string>> open_join_codes();

    [[nodiscard]] Result<std::vector<SessionElementRecord>> elements(long long session_id);

    // Adds a participant with the next number, in one transaction with a check of the bounds:
    // kConflict when the session is closed or joining is closed; kTooLarge when it already has
    // `max_participants`; kRateLimited when `max_per_address` joined from the same address.
    // Bumps the version.
    [[nodiscard]] Result<ParticipantRecord> join(long long session_id, const NewParticipant& who,
                                                 const JoinBounds& bounds, const std::string& now);
    // The same, not counted against an address (set-up in tests and the command line).
    [[nodiscard]] Result<ParticipantRecord> join(long long session_id,
                                                 const std::string& token_hash,
                                                 const std::string& display_name,
                                                 size_t max_participants, const std::string& now) {
        return join(session_id, {token_hash, display_name, ""}, {max_participants, 0}, now);
    }
    // The most participants of the session who joined from one address (0 when none did): the
    // board shows it, so that a surge from one place stands out.
    [[nodiscard]] Result<long long> most_from_one_address(long long session_id);
    // Removes participant `number` of an open session with their ratings (ON DELETE CASCADE),
    // bumping the version; returns who it was. kNotFound when the session has no such
    // participant, kConflict when it is closed.
    [[nodiscard]] Result<ParticipantRecord> remove_participant(long long session_id, int number);
    // kNotFound when no participant has this token (or their session was deleted).
    [[nodiscard]] Result<ParticipantRecord> participant(const std::string& token_hash);
    [[nodiscard]] Result<std::vector<ParticipantRecord>> participants(long long session_id);

    // Saves (inserts or replaces) a participant's rating of an element of their session. Bumps
    // the session's version only when the element had no rating from them before (the board shows
    // counts of who answered, which a change of mind does not move). kConflict when the session
    // is closed or the element is revealed already; kInvalidInput when the element is not in it.
    [[nodiscard]] Result<void> rate(long long participant_id, const std::string& element_id,
                                    const std::string& choice, const std::string& note,
                                    const std::string& now);
    // The participant's own ratings (for their own pages only).
    [[nodiscard]] Result<std::vector<OwnRating>> own_ratings(long long participant_id);

    // How many participants rated each element (any choice): element id -> count. For the live
    // board before reveal: it reveals nothing about what they chose.
    [[nodiscard]] Result<std::vector<std::pair<std::string, size_t>>> answered_counts(
        long long session_id);
    // Counts per choice for one element (GROUP BY in SQL: individual ratings never leave the
    // database). `no_rating` is participants who did not rate it when `count_missing`, else 0.
    [[nodiscard]] Result<assessment::Consensus> element_counts(long long session_id,
                                                               const std::string& element_id,
                                                               bool count_missing);
    // The non-empty notes on an element, without who wrote them, in an order unrelated to who
    // or when (sorted by text).
    [[nodiscard]] Result<std::vector<std::string>> element_notes(long long session_id,
                                                                 const std::string& element_id);

    // Each bumps the version; kConflict when the session is closed; kNotFound for an element
    // not in it.
    [[nodiscard]] Result<void> set_joining(long long session_id, bool open);
    [[nodiscard]] Result<void> reveal(long long session_id, const std::string& element_id,
                                      bool count_missing, const std::string& now);
    // outcome "agreed" with a stage id, or "no-agreement" (agreed_stage empty).
    [[nodiscard]] Result<void> decide(long long session_id, const std::string& element_id,
                                      const std::string& outcome, const std::string& agreed_stage,
                                      const std::string& rationale, const std::string& dissent,
                                      const std::string& now);
    // Closes the session: state closed, join code cleared, joining closed; `reason` "" when its
    // facilitator closes it, "expired" when the housekeeping does.
    [[nodiscard]] Result<void> close(long long session_id, const std::string& now,
                                     const std::string& reason = "");
    // The ids of open sessions opened before `before` (ISO 8601), oldest first.
    [[nodiscard]] Result<std::vector<long long>> open_before(const std::string& before);
    // Deletes the session with every participant and rating (ON DELETE CASCADE).
    [[nodiscard]] Result<void> remove(long long session_id);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
