#include "service/team_session_service.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "assessment/school_year.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "service/join_code.hpp"
#include "service/text_input.hpp"

namespace cbe::service {

namespace {

constexpr std::chrono::seconds kJoinWindow{600};
constexpr std::chrono::hours kOpenWindow{1};

std::string participant_name(const store::ParticipantRecord& p) {
    return p.display_name.empty() ? "Participant " + std::to_string(p.number) : p.display_name;
}

// The minimum of raters typed on the open form: a whole number from kMinRatersShown to
// kMaxMinRaters; empty means the least.
Result<long long> min_raters_of(const std::string& typed) {
    if (typed.empty()) return static_cast<long long>(assessment::kMinRatersShown);
    if (typed.size() > 3 || typed.find_first_not_of("0123456789") != std::string::npos) {
        return fail_in("min_raters", "session.min-raters-invalid");
    }
    long long n = std::stoll(typed);
    if (n < static_cast<long long>(assessment::kMinRatersShown) || n > kMaxMinRaters) {
        return fail_in("min_raters", "session.min-raters-invalid");
    }
    return n;
}

// Where a participant joined from, as a hash with the session's id: joins per address are
// counted without keeping the address, and the same address gives another hash in another
// session.
std::string address_hash(long long session_id, const std::string& address) {
    if (address.empty()) return "";
    return crypto::token_hash("join-address:" + std::to_string(session_id) + ":" + address);
}

}  // namespace

std::string TeamSessionService::topic(long long session_id) {
    return "session:" + std::to_string(session_id);
}

void TeamSessionService::changed(long long session_id) const {
    auto session = d_.sessions->find(session_id);
    if (session && d_.notifier) d_.notifier->publish(topic(session_id), session->version);
}

Result<store::TeamSessionRecord> TeamSessionService::session_for(long long session_id,
                                                                 const SignedIn& who,
                                                                 access::Action action) const {
    auto session = d_.sessions->find(session_id);
    if (!session) return fail(ErrorCode::kNotFound, "session.not-found");
    // Someone who may not act there learns nothing: the same answer as a missing session.
    auto role = d_.organizations->role_allowing(session->organization_id, who.user.id, action);
    if (!role) return fail(ErrorCode::kNotFound, "session.not-found");
    return session;
}

Result<void> TeamSessionService::may_run(long long organization_id, const SignedIn& who) const {
    auto role =
        d_.organizations->role_allowing(organization_id, who.user.id, access::Action::kRunSession);
    if (!role) return tl::unexpected(role.error());
    return {};
}

Result<OpenedSession> TeamSessionService::open(long long organization_id, const SignedIn& who,
                                               const OpenSessionInput& input,
                                               const Caller& caller) const {
    auto role =
        d_.organizations->role_allowing(organization_id, who.user.id, access::Action::kRunSession);
    if (!role) return tl::unexpected(role.error());
    auto title = short_text(input.title, kMaxSessionTitleChars, "session.title", "title",
                            text::TextShape::kLine);
    if (!title) return tl::unexpected(title.error());
    if (title->empty()) return fail_in("title", "session.title-missing");
    // The same spellings as a self-assessment's (assessment/school_year.hpp), stored the same way.
    auto year = assessment::normalize_school_year(input.school_year);
    if (!year) return fail_in("school_year", "session.school-year-invalid");
    auto min_raters = min_raters_of(input.min_raters);
    if (!min_raters) return tl::unexpected(min_raters.error());
    const auto& roadmap = d_.content->current();
    const content::Audience* audience = roadmap->audience(input.audience);
    if (!audience) return fail(ErrorCode::kInvalidInput, "assessment.audience-missing");
    std::vector<std::string> elements;
    if (input.element_ids.empty()) {
        elements = audience->element_ids;
    } else {
        // In the pathway's order, whatever order the form sent them in.
        std::set<std::string> chosen(input.element_ids.begin(), input.element_ids.end());
        for (const auto& id : audience->element_ids) {
            if (chosen.erase(id) > 0) elements.push_back(id);
        }
        if (!chosen.empty()) return fail(ErrorCode::kInvalidInput, "session.element-unknown");
    }
    const store::OpenSessionCaps caps{d_.session_limits.max_open_per_organization,
                                      d_.session_limits.max_open_per_facilitator};
    // An early answer at a cap, so that a refused open is not counted against the opening rate;
    // create() checks the caps again in its own transaction, which is what holds under
    // concurrent opens.
    auto open_now = d_.sessions->open_counts(organization_id, who.user.id);
    if (!open_now) return tl::unexpected(open_now.error());
    if (auto room = store::room_for_one_more(*open_now, caps); !room) {
        return tl::unexpected(room.error());
    }
    if (auto ok = d_.limits->attempt("session-open:" + std::to_string(who.user.id),
                                     d_.session_limits.opens_per_account, kOpenWindow);
        !ok) {
        return tl::unexpected(ok.error());
    }
    store::NewTeamSession fresh{organization_id,  who.user.id,   *title,   *year,      audience->id,
                                roadmap->version, std::string(), elements, *min_raters};
    // A code may be taken between reading the open codes and inserting: draw again then.
    Result<store::TeamSessionRecord> created = fail(ErrorCode::kConflict, "session.code-taken");
    for (int attempt = 0;
         attempt < 3 && !created && created.error().message == "session.code-taken"; ++attempt) {
        auto codes = d_.sessions->open_join_codes();
        if (!codes) return tl::unexpected(codes.error());
        auto code = unused_join_code(std::unordered_set<std::string>(codes->begin(), codes->end()));
        if (!code) return tl::unexpected(code.error());
        fresh.join_code = *code;
        created = d_.sessions->create(fresh, iso8601(d_.clock()), caps);
    }
    if (!created) return tl::unexpected(created.error());
    d_.auditor->record(AuditEvent::kSessionOpened, who.user.id, *title, caller.address,
                       organization_id);
    OpenedSession out{*created, {}};
    if (input.facilitator_rates) {
        out.participant_token = crypto::new_token();
        // Not counted against an address: the facilitator joins by opening, not by the code.
        auto joined = d_.sessions->join(
            created->id, {crypto::token_hash(out.participant_token), who.user.name, ""},
            {d_.session_limits.max_participants, 0}, iso8601(d_.clock()));
        if (!joined) return tl::unexpected(joined.error());
    }
    return out;
}

Result<std::vector<store::TeamSessionRecord>> TeamSessionService::list(long long organization_id,
                                                                       const SignedIn& who) const {
    auto role = d_.organizations->role_allowing(organization_id, who.user.id,
                                                access::Action::kViewOrganization);
    if (!role) return tl::unexpected(role.error());
    return d_.sessions->for_organization(organization_id);
}

Result<Board> TeamSessionService::board_of(const store::TeamSessionRecord& session,
                                           bool with_notes) const {
    auto roadmap = d_.content->version(session.content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    Board board;
    board.session = session;
    board.now = iso8601(d_.clock());
    board.roadmap = roadmap->get();
    board.audience = (*roadmap)->audience(session.audience);
    if (!board.audience) return fail(ErrorCode::kInternal, "session.audience-gone");
    auto name = d_.organizations->name_of(session.organization_id);
    if (name) board.organization_name = *name;
    auto records = d_.sessions->elements(session.id);
    if (!records) return tl::unexpected(records.error());
    auto answered = d_.sessions->answered_counts(session.id);
    if (!answered) return tl::unexpected(answered.error());
    for (auto& record : *records) {
        BoardElement element;
        element.element = (*roadmap)->element(record.element_id);
        if (!element.element) continue;  // not in this content version: nothing to show
        for (const auto& [id, count] : *answered) {
            if (id == record.element_id) element.answered = count;
        }
        element.revealed = !record.revealed_at.empty();
        std::optional<assessment::Consensus> counts;
        if (element.revealed) {
            auto read =
                d_.sessions->element_counts(session.id, record.element_id, record.count_missing);
            if (!read) return tl::unexpected(read.error());
            // Too few answered: their totals (and their notes) would be one or two people's.
            element.withheld =
                !assessment::may_show(*read, static_cast<size_t>(session.min_raters));
            if (!element.withheld) counts = *read;
        }
        if (counts) {
            element.consensus = *counts;
            if (with_notes) {
                auto notes = d_.sessions->element_notes(session.id, record.element_id);
                if (!notes) return tl::unexpected(notes.error());
                element.notes = std::move(*notes);
            }
        }
        element.record = std::move(record);
        board.elements.push_back(std::move(element));
    }
    auto people = d_.sessions->participants(session.id);
    if (!people) return tl::unexpected(people.error());
    for (const auto& p : *people) board.participants.push_back({p.number, participant_name(p)});
    auto most = d_.sessions->most_from_one_address(session.id);
    if (!most) return tl::unexpected(most.error());
    board.most_from_one_address = *most;
    return board;
}

Result<Board> TeamSessionService::board(long long session_id, const SignedIn& who) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    auto board = board_of(*session, true);
    if (board && !session->closed && d_.plans) {
        auto open = d_.plans->open_actions(session->organization_id, kOpenActionsReviewed);
        if (!open) return tl::unexpected(open.error());
        board->open_actions = std::move(*open);
    }
    return board;
}

Result<store::TeamSessionRecord> TeamSessionService::board_session(long long session_id,
                                                                   const SignedIn& who) const {
    return session_for(session_id, who, access::Action::kRunSession);
}

Result<void> TeamSessionService::set_joining(long long session_id, const SignedIn& who,
                                             bool open) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    if (auto ok = d_.sessions->set_joining(session_id, open); !ok) return ok;
    changed(session_id);
    return {};
}

Result<void> TeamSessionService::reveal(long long session_id, const SignedIn& who,
                                        const std::string& element_id, bool count_missing) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    auto records = d_.sessions->elements(session_id);
    if (!records) return tl::unexpected(records.error());
    std::string now = iso8601(d_.clock());
    bool found = element_id.empty();
    for (const auto& record : *records) {
        if (!element_id.empty() && record.element_id != element_id) continue;
        found = true;
        if (!record.revealed_at.empty()) continue;
        if (auto ok = d_.sessions->reveal(session_id, record.element_id, count_missing, now); !ok) {
            return ok;
        }
    }
    if (!found) return fail(ErrorCode::kNotFound, "session.element-unknown");
    changed(session_id);
    return {};
}

Result<void> TeamSessionService::decide(long long session_id, const SignedIn& who,
                                        const std::string& element_id, const std::string& stage,
                                        const std::string& rationale_in,
                                        const std::string& dissent_in) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    if (!stage.empty()) {
        auto choice = assessment::Choice::parse(stage);
        if (!choice || !choice->is_stage()) {
            return fail(ErrorCode::kInvalidInput, "session.stage-unknown");
        }
    }
    auto rationale = short_text(rationale_in, kMaxRationaleChars, "session.rationale", "rationale");
    if (!rationale) return tl::unexpected(rationale.error());
    auto dissent = short_text(dissent_in, kMaxRationaleChars, "session.dissent", "dissent");
    if (!dissent) return tl::unexpected(dissent.error());
    if (stage.empty() && rationale->empty()) {
        // "No agreement" needs a word on why, so the next meeting can pick it up.
        return fail_in("rationale", "session.no-agreement-comment");
    }
    auto ok = d_.sessions->decide(session_id, element_id, stage.empty() ? "no-agreement" : "agreed",
                                  stage, *rationale, *dissent, iso8601(d_.clock()));
    if (!ok) return ok;
    changed(session_id);
    return {};
}

Result<void> TeamSessionService::close(long long session_id, const SignedIn& who,
                                       const Caller& caller) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    if (auto ok = d_.sessions->close(session_id, iso8601(d_.clock())); !ok) return ok;
    d_.auditor->record(AuditEvent::kSessionClosed, who.user.id, session->title, caller.address,
                       session->organization_id);
    changed(session_id);
    if (d_.notifier) d_.notifier->end(topic(session_id));  // its live-update streams end
    return {};
}

Result<void> TeamSessionService::remove_participant(long long session_id, const SignedIn& who,
                                                    int number, const Caller& caller) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    auto removed = d_.sessions->remove_participant(session_id, number);
    if (!removed) {
        if (removed.error().code == ErrorCode::kNotFound) {
            return fail(ErrorCode::kNotFound, "session.participant-unknown");
        }
        if (removed.error().code == ErrorCode::kConflict) {
            return fail(ErrorCode::kConflict, "session.closed");
        }
        return tl::unexpected(removed.error());
    }
    d_.auditor->record(AuditEvent::kSessionParticipantRemoved, who.user.id,
                       participant_name(*removed) + " from " + session->title, caller.address,
                       session->organization_id);
    changed(session_id);
    return {};
}

Result<size_t> TeamSessionService::close_expired() const {
    auto now = d_.clock();
    auto expired = d_.sessions->open_before(iso8601(now - d_.session_limits.max_open));
    if (!expired) return tl::unexpected(expired.error());
    size_t closed = 0;
    for (long long id : *expired) {
        auto session = d_.sessions->find(id);
        if (!session) continue;  // deleted meanwhile
        auto ok = d_.sessions->close(id, iso8601(now), "expired");
        if (!ok) {
            if (ok.error().code == ErrorCode::kConflict) continue;  // closed meanwhile
            return tl::unexpected(ok.error());
        }
        d_.auditor->record(AuditEvent::kSessionClosed, 0, session->title + " (open too long)", "",
                           session->organization_id);
        changed(id);
        if (d_.notifier) d_.notifier->end(topic(id));  // its live-update streams end
        ++closed;
    }
    return closed;
}

Result<long long> TeamSessionService::remove(long long session_id, const SignedIn& who,
                                             const Caller& caller) const {
    auto session = session_for(session_id, who, access::Action::kRunSession);
    if (!session) return tl::unexpected(session.error());
    if (auto ok = d_.sessions->remove(session_id); !ok) return tl::unexpected(ok.error());
    d_.auditor->record(AuditEvent::kSessionDeleted, who.user.id, session->title, caller.address,
                       session->organization_id);
    if (d_.notifier) {
        d_.notifier->publish(topic(session_id), session->version + 1);
        d_.notifier->end(topic(session_id));  // its live-update streams end
    }
    return session->organization_id;
}

Result<Placement> TeamSessionService::placement(long long session_id, const SignedIn& who) const {
    auto session = session_for(session_id, who, access::Action::kViewOrganization);
    if (!session) return tl::unexpected(session.error());
    return placement_of(*session);
}

Result<Placement> TeamSessionService::shared_placement(long long session_id) const {
    auto session = d_.sessions->find(session_id);
    if (!session) return tl::unexpected(session.error());
    return placement_of(*session);
}

Result<Placement> TeamSessionService::placement_of(const store::TeamSessionRecord& session) const {
    if (!session.closed) return fail(ErrorCode::kNotFound, "session.not-closed");
    auto board = board_of(session, false);
    if (!board) return tl::unexpected(board.error());
    Placement p;
    p.audience = *board->audience;
    p.audience.element_ids.clear();
    p.summary.roadmap = board->roadmap;
    p.summary.organization = board->organization_name;
    p.summary.title = session.title;
    p.summary.school_year = session.school_year;
    p.summary.audience = session.audience;
    p.summary.content_version = session.content_version;
    p.summary.closed_at = session.closed_at;
    p.summary.participants = board->participants.size();
    for (const auto& e : board->elements) {
        p.audience.element_ids.push_back(e.element->id);
        report::PlacementElement row{e.record.position, e.element,    e.consensus,
                                     e.record.outcome,  std::nullopt, e.record.rationale,
                                     e.record.dissent,  e.withheld};
        if (e.record.outcome == "agreed") {
            auto choice = assessment::Choice::parse(e.record.agreed_stage);
            if (choice && choice->is_stage()) {
                row.agreed_stage = choice->stage;
                p.answers.push_back({e.element->id, *choice, e.record.rationale});
            }
        }
        p.summary.elements.push_back(std::move(row));
    }
    p.board = std::move(*board);
    return p;
}

Result<Joined> TeamSessionService::join(const std::string& typed_code,
                                        const std::string& display_name_in, const Caller& caller,
                                        const std::string& device_token) const {
    // Six digits can be guessed: wrong codes are counted per address and slow it down; a
    // right one costs nothing, so a room behind one address is never held up by its own joins.
    const std::string misses = "join-miss:" + caller.address;
    if (auto ok =
            d_.limits->may_guess(misses, d_.session_limits.wrong_codes_per_address, kJoinWindow);
        !ok) {
        return tl::unexpected(ok.error());
    }
    auto code = normalize_join_code(typed_code);
    if (!code) return fail(ErrorCode::kInvalidInput, "session.code-invalid");
    auto name = short_text(display_name_in, kMaxDisplayNameChars, "session.display-name", "name",
                           text::TextShape::kLine);
    if (!name) return tl::unexpected(name.error());
    // A code that opens no join, whatever the reason (never made, closed, joining closed), gets
    // one answer and counts as one miss: a different answer would tell a guesser the code is live.
    auto miss = [&]() -> Result<Joined> {
        d_.limits->fail(misses);
        return fail(ErrorCode::kNotFound, "session.code-unknown");
    };
    auto session = d_.sessions->find_open_by_code(*code);
    if (!session) {
        if (session.error().code == ErrorCode::kNotFound) return miss();
        return tl::unexpected(session.error());
    }
    if (!session->joining_open) return miss();
    // This device joined this session before: the same participant again, not a new one.
    if (crypto::looks_like_token(device_token)) {
        auto known = d_.sessions->participant(crypto::token_hash(device_token));
        if (known && known->session_id == session->id) return Joined{device_token, *known};
    }
    Joined joined;
    joined.token = crypto::new_token();
    auto participant = d_.sessions->join(
        session->id,
        {crypto::token_hash(joined.token), *name, address_hash(session->id, caller.address)},
        {d_.session_limits.max_participants, d_.session_limits.joins_per_address},
        iso8601(d_.clock()));
    if (!participant) {
        // Joining closed between the read above and the join's transaction.
        if (participant.error().code == ErrorCode::kConflict) return miss();
        if (participant.error().code == ErrorCode::kTooLarge) {
            return tl::unexpected(
                Error{ErrorCode::kConflict, "session.full",
                      static_cast<long long>(d_.session_limits.max_participants)});
        }
        if (participant.error().code == ErrorCode::kRateLimited) {
            return tl::unexpected(
                Error{ErrorCode::kConflict, "session.address-full",
                      static_cast<long long>(d_.session_limits.joins_per_address)});
        }
        return tl::unexpected(participant.error());
    }
    joined.participant = *participant;
    changed(session->id);
    return joined;
}

Result<store::ParticipantRecord> TeamSessionService::participant_of(
    const std::string& token) const {
    if (!crypto::looks_like_token(token)) return fail(ErrorCode::kNotFound, "session.link-unknown");
    auto participant = d_.sessions->participant(crypto::token_hash(token));
    if (!participant && participant.error().code == ErrorCode::kNotFound) {
        return fail(ErrorCode::kNotFound, "session.link-unknown");
    }
    return participant;
}

Result<ParticipantPage> TeamSessionService::participant_page(const std::string& token) const {
    auto participant = participant_of(token);
    if (!participant) return tl::unexpected(participant.error());
    auto session = d_.sessions->find(participant->session_id);
    if (!session) return tl::unexpected(session.error());
    auto board = board_of(*session, false);
    if (!board) return tl::unexpected(board.error());
    auto own = d_.sessions->own_ratings(participant->id);
    if (!own) return tl::unexpected(own.error());
    return ParticipantPage{*session,        *participant,    board->roadmap,
                           board->audience, board->elements, std::move(*own)};
}

Result<long long> TeamSessionService::participant_version(const std::string& token) const {
    auto participant = participant_of(token);
    if (!participant) return tl::unexpected(participant.error());
    auto session = d_.sessions->find(participant->session_id);
    if (!session) return tl::unexpected(session.error());
    return session->version;
}

Result<void> TeamSessionService::rate(const std::string& token, const std::string& element_id,
                                      const std::string& choice, const std::string& note) const {
    auto participant = participant_of(token);
    if (!participant) return tl::unexpected(participant.error());
    auto session = d_.sessions->find(participant->session_id);
    if (!session) return tl::unexpected(session.error());
    auto roadmap = d_.content->version(session->content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    const content::Audience* audience = (*roadmap)->audience(session->audience);
    if (!audience) return fail(ErrorCode::kInternal, "session.audience-gone");
    auto answer = assessment::validate_answer(*audience, element_id, choice, note);
    if (!answer) return tl::unexpected(answer.error());
    auto ok = d_.sessions->rate(participant->id, element_id, answer->choice.id(), answer->note,
                                iso8601(d_.clock()));
    if (!ok) {
        if (ok.error().code == ErrorCode::kConflict) {
            return fail(ErrorCode::kConflict,
                        session->closed ? "session.closed" : "session.element-revealed");
        }
        return ok;
    }
    changed(session->id);
    return {};
}

}  // namespace cbe::service
