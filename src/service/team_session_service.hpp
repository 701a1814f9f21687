// Live team sessions as use cases (issue 11; docs/team-sessions.md). A facilitator or owner of
// an organization opens a session over a pathway's elements; participants join with a six-digit
// code and no account, rate privately, and see only aggregates after the facilitator reveals;
// the facilitator records the agreed stage per element and closes the session, which makes the
// organization's agreed placement.
//
// Privacy: nothing here returns one participant's rating to anyone but that participant.
// Before an element is revealed the board holds only how many answered it; after, counts per
// choice (assessment::Consensus) and notes without names.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment/consensus.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "report/session_placement.hpp"
#include "service/account_service.hpp"
#include "service/audit.hpp"
#include "service/caller.hpp"
#include "service/content_library.hpp"
#include "service/notifier.hpp"
#include "service/organization_service.hpp"
#include "service/rate_limit.hpp"
#include "store/plan_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::service {

struct SessionLimits {
    size_t max_participants = 500;
    long long max_open_per_organization = 20;
    // Open sessions one facilitator holds across organizations (each holds a join code).
    long long max_open_per_facilitator = 10;
    // Sessions one account opens within an hour before each further one waits twice as long
    // (RateLimit::attempt): opening and closing in a loop cannot grow the database without end.
    int opens_per_account = 20;
    // Wrong codes one address may type within 10 minutes before each further try waits twice
    // as long (RateLimit::may_guess). Joins that find their session are not counted:
    // a whole room behind one school address joins freely, a guesser is slowed down.
    int wrong_codes_per_address = 10;
    // Participants of one session who join from one address. A room behind one school address
    // (hundreds of phones) stays well under it; one person scripting joins to outvote a room
    // stops there, and the board shows how many came from one address.
    size_t joins_per_address = 200;
    // Sessions open longer than this are closed by the housekeeping (close_expired): a join code
    // and its participants' links do not live for ever (`--session-max-open-days`).
    std::chrono::hours max_open{24 * 30};
};

inline constexpr size_t kMaxSessionTitleChars = 120;
inline constexpr size_t kMaxDisplayNameChars = 40;
inline constexpr size_t kMaxRationaleChars = 300;
inline constexpr size_t kOpenActionsReviewed = 20;  // the soonest due, on the board
// The most raters a facilitator may require before totals show (the least is
// assessment::kMinRatersShown): more than a room holds would hide every total.
inline constexpr long long kMaxMinRaters = 100;

struct OpenSessionInput {
    std::string title;
    std::string school_year;               // "2026-27"
    std::string audience;                  // a pathway id
    std::vector<std::string> element_ids;  // a subset of the pathway, in its order; empty: all
    bool facilitator_rates = false;        // the facilitator joins as a participant too
    // Totals show once this many have answered an element; at least kMinRatersShown.
    std::string min_raters = "3";
};

struct OpenedSession {
    store::TeamSessionRecord session;
    std::string participant_token;  // when the facilitator rates too: their private link token
};

struct BoardElement {
    const content::Element* element = nullptr;
    store::SessionElementRecord record;
    size_t answered = 0;  // participants who rated it (any choice)
    bool revealed = false;
    // Revealed, but fewer answered than the session's minimum: no totals and no notes leave the
    // server (assessment::may_show); the agreed stage can still be recorded.
    bool withheld = false;
    std::optional<assessment::Consensus> consensus;  // only once revealed, and not withheld
    std::vector<std::string> notes;                  // likewise, unattributed
};

struct BoardParticipant {
    int number = 0;    // their number in the session: what the board's removal names
    std::string name;  // their display name, or "Participant 4"
};

struct Board {
    store::TeamSessionRecord session;
    std::string organization_name;
    const content::Roadmap* roadmap = nullptr;  // the session's content version
    const content::Audience* audience = nullptr;
    std::vector<BoardElement> elements;
    std::vector<BoardParticipant> participants;
    // The most participants who joined from one address: a surge from one place stands out.
    long long most_from_one_address = 0;
    std::string now;  // when the board was read (ISO 8601), for timers
    // The organization's open plan actions, reviewed at the start of a session (facilitator's
    // board only, while the session is open).
    std::vector<store::OpenActionRecord> open_actions;
};

// A closed session's agreed placement. The agreed stages are also given as answers over the
// session's elements, so the placement renders with the self-assessment's results (profile,
// next stages, moves, examples, resources); an element without agreement has no answer.
struct Placement {
    Board board;
    content::Audience audience;               // the pathway, narrowed to the session's elements
    std::vector<assessment::Answer> answers;  // agreed stages; the note is the rationale
    report::SessionPlacement summary;         // for the exports: totals and decisions only
};

struct ParticipantPage {
    store::TeamSessionRecord session;
    store::ParticipantRecord participant;
    const content::Roadmap* roadmap = nullptr;
    const content::Audience* audience = nullptr;
    std::vector<BoardElement> elements;  // aggregates only where revealed; no notes
    std::vector<store::OwnRating> own;   // this participant's ratings
};

struct Joined {
    std::string token;  // the participant's private link token (shown once, kept in a cookie)
    store::ParticipantRecord participant;
};

class TeamSessionService {
  public:
    struct Dependencies {
        std::shared_ptr<store::TeamSessionRepository> sessions;
        std::shared_ptr<store::PlanRepository> plans;
        std::shared_ptr<const OrganizationService> organizations;
        std::shared_ptr<ContentLibrary> content;
        std::shared_ptr<const Auditor> auditor;
        std::shared_ptr<const RateLimit> limits;
        std::shared_ptr<Notifier> notifier;
        Clock clock = system_clock();
        SessionLimits session_limits;
    };
    explicit TeamSessionService(Dependencies d) : d_(std::move(d)) {}

    // The event topic of a session ("session:42"): events carry its version.
    static std::string topic(long long session_id);

    // Ok when `who` may open and run sessions there (facilitators and owners); kNotFound if not.
    [[nodiscard]] Result<void> may_run(long long organization_id, const SignedIn& who) const;
    // Facilitators and owners of the organization (access::Action::kRunSession). kInvalidInput
    // for the form; kConflict when the organization or the facilitator holds too many open
    // sessions; kRateLimited when the account opened too many lately.
    [[nodiscard]] Result<OpenedSession> open(long long organization_id, const SignedIn& who,
                                             const OpenSessionInput& input,
                                             const Caller& caller) const;
    // The organization's sessions, newest first (any member).
    [[nodiscard]] Result<std::vector<store::TeamSessionRecord>> list(long long organization_id,
                                                                     const SignedIn& who) const;
    // The facilitator's board (kRunSession in the session's organization).
    [[nodiscard]] Result<Board> board(long long session_id, const SignedIn& who) const;
    // The session a board's live updates follow: they start from its version, and a closed
    // one has none (same access as board()).
    [[nodiscard]] Result<store::TeamSessionRecord> board_session(long long session_id,
                                                                 const SignedIn& who) const;
    [[nodiscard]] Result<void> set_joining(long long session_id, const SignedIn& who,
                                           bool open) const;
    // Reveals one element, or every element not revealed yet when `element_id` is empty.
    [[nodiscard]] Result<void> reveal(long long session_id, const SignedIn& who,
                                      const std::string& element_id, bool count_missing) const;
    // `stage`: a stage id for an agreed placement, or empty for "no agreement".
    [[nodiscard]] Result<void> decide(long long session_id, const SignedIn& who,
                                      const std::string& element_id, const std::string& stage,
                                      const std::string& rationale,
                                      const std::string& dissent) const;
    [[nodiscard]] Result<void> close(long long session_id, const SignedIn& who,
                                     const Caller& caller) const;
    // Deletes the session and every individual rating in it.
    [[nodiscard]] Result<long long> remove(long long session_id, const SignedIn& who,
                                           const Caller& caller) const;
    // A closed session's agreed placement, for any member of the organization.
    [[nodiscard]] Result<Placement> placement(long long session_id, const SignedIn& who) const;
    // The same, for a read-only share link its caller has checked (PlanService::open_shared).
    [[nodiscard]] Result<Placement> shared_placement(long long session_id) const;

    // Removes participant `number` (the facilitator's board) with their ratings, which leave
    // every total; audited. kNotFound for no such participant, kConflict once closed.
    [[nodiscard]] Result<void> remove_participant(long long session_id, const SignedIn& who,
                                                  int number, const Caller& caller) const;
    // Closes every session open longer than SessionLimits::max_open, through the same close
    // (the version moves and is published, so boards and phones show it closed and their streams
    // learn it); audited. Returns how many it closed.
    [[nodiscard]] Result<size_t> close_expired() const;

    // Participants: no account. A wrong code, a closed session's and one whose joining is closed
    // all answer kNotFound "session.code-unknown" and count as a miss of the address; an address
    // that typed too many lately must wait (kRateLimited), whatever it types. `device_token`:
    // the private link this device joined with before (its cookie); when it belongs to this
    // session, that participant comes back instead of a new one.
    [[nodiscard]] Result<Joined> join(const std::string& typed_code,
                                      const std::string& display_name, const Caller& caller,
                                      const std::string& device_token = "") const;
    [[nodiscard]] Result<ParticipantPage> participant_page(const std::string& token) const;
    [[nodiscard]] Result<long long> participant_version(const std::string& token) const;
    [[nodiscard]] Result<void> rate(const std::string& token, const std::string& element_id,
                                    const std::string& choice, const std::string& note) const;

  private:
    Result<store::TeamSessionRecord> session_for(long long session_id, const SignedIn& who,
                                                 access::Action action) const;
    Result<Board> board_of(const store::TeamSessionRecord& session, bool with_notes) const;
    Result<Placement> placement_of(const store::TeamSessionRecord& session) const;
    Result<store::ParticipantRecord> participant_of(const std::string& token) const;
    void changed(long long session_id) const;

    Dependencies d_;
};

}  // namespace cbe::service
