#include "service/plan_service.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "core/crypto.hpp"
#include "service/text_input.hpp"

namespace cbe::service {

struct PlanService::Subject {
    store::PlanSubjectKey key;
    PlanPage page;
    long long holder = 0;    // the organization holding it, however it was reached (0: none)
    bool by_link = false;    // reached by an assessment's private link
    bool may_share = false;  // may make and revoke its share links
};

namespace {

// The plan's candidates in pathway order: the placed stage, "not sure", and a session's totals.
std::vector<assessment::PriorityCandidate> candidates(const PlanPage& p) {
    std::vector<assessment::PriorityCandidate> out;
    for (const auto& id : p.audience.element_ids) {
        assessment::PriorityCandidate c;
        c.element_id = id;
        if (const auto* answer = assessment::find_answer(p.answers, id)) {
            if (answer->choice.is_stage()) c.stage = answer->choice.stage;
            c.not_sure = answer->choice.kind == assessment::ChoiceKind::kNotSure;
        }
        for (const auto& t : p.totals) {
            if (t.element->id == id) c.totals = t.totals;
        }
        out.push_back(std::move(c));
    }
    return out;
}

void fill_from_assessment(PlanPage& p, const OpenedAssessment& opened) {
    p.title = opened.record.label;
    p.placed_at = opened.record.updated_at;
    p.school_year = opened.record.school_year;
    p.organization_name = opened.organization_name;
    p.roadmap = opened.roadmap;
    p.audience = *opened.audience;
    p.answers = opened.answers;
}

bool on_pathway(const content::Audience& audience, const std::string& element_id) {
    return std::find(audience.element_ids.begin(), audience.element_ids.end(), element_id) !=
           audience.element_ids.end();
}

}  // namespace

bool is_calendar_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    auto number = [&](size_t at, size_t n) { return std::stoi(std::string(text.substr(at, n))); };
    std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                     std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                     std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    return date.ok() && number(0, 4) >= 2000 && number(0, 4) <= 2100;
}

Result<void> PlanService::fill(PlanPage& p, const Placement& placed) const {
    p.session = true;
    p.title = placed.board.session.title;
    p.placed_at = placed.board.session.closed_at;
    p.participants = placed.summary.participants;
    p.school_year = placed.board.session.school_year;
    p.organization_id = placed.board.session.organization_id;
    p.organization_name = placed.board.organization_name;
    p.audience = placed.audience;
    p.answers = placed.answers;
    p.totals = placed.summary.elements;
    auto roadmap = d_.content->version(placed.board.session.content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    p.roadmap = *roadmap;
    return {};
}

Result<PlanService::Subject> PlanService::subject(const PlanRef& ref, const SignedIn* who) const {
    Subject s;
    PlanPage& p = s.page;
    long long organization_for_edit = 0;
    if (ref.kind == PlanRef::Kind::kSession) {
        if (!who) return fail(ErrorCode::kNotFound, "error.not-found");
        auto placed = d_.sessions->placement(ref.id, *who);
        if (!placed) return tl::unexpected(placed.error());
        s.key.session_id = ref.id;
        if (auto ok = fill(p, *placed); !ok) return tl::unexpected(ok.error());
        organization_for_edit = p.organization_id;
    } else {
        Result<OpenedAssessment> opened =
            ref.kind == PlanRef::Kind::kLink
                ? d_.assessments->open(ref.token)
                : (who ? d_.assessments->open_in_organization(ref.organization_id, ref.id, *who,
                                                              access::Action::kViewOrganization)
                       : Result<OpenedAssessment>(
                             tl::unexpected(Error{ErrorCode::kNotFound, "error.not-found"})));
        if (!opened) return tl::unexpected(opened.error());
        s.key.assessment_id = opened->record.id;
        fill_from_assessment(p, *opened);
        s.holder = opened->record.organization_id;
        if (ref.kind == PlanRef::Kind::kLink) {
            // By private link: whoever holds it, while the link may edit. No member list: the
            // link is not a membership.
            p.editable = opened->editable();
            s.by_link = true;
        } else {
            p.organization_id = ref.organization_id;
            organization_for_edit = ref.organization_id;
        }
    }
    if (organization_for_edit != 0 && who) {
        p.editable =
            d_.organizations
                ->role_allowing(organization_for_edit, who->user.id, access::Action::kEditPlan)
                .has_value();
        auto members = d_.organization_records->members(organization_for_edit);
        if (!members) return tl::unexpected(members.error());
        p.members = std::move(*members);
    }
    if (ref.kind == PlanRef::Kind::kSession) s.holder = p.organization_id;
    // An organization's owners let an old private link change answers at most: its share links
    // are the organization's to give out and to end (docs/security.md, "Organizations and links").
    s.may_share = p.editable && !(s.by_link && s.holder != 0);
    return s;
}

Result<PlanPage> PlanService::page(const PlanRef& ref, const SignedIn* who) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    auto plan = d_.plans->find(s->key);
    if (!plan) return tl::unexpected(plan.error());
    s->page.plan = std::move(*plan);
    auto list = candidates(s->page);
    s->page.suggestions = assessment::suggest_priorities(list);
    return std::move(s->page);
}

Result<void> PlanService::set_priorities(const PlanRef& ref, const SignedIn* who,
                                         const std::vector<std::string>& element_ids) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    if (!s->page.editable) return fail(ErrorCode::kForbidden, "plan.read-only");
    if (element_ids.size() > kMaxPriorities) {
        return tl::unexpected(Error{ErrorCode::kInvalidInput, "plan.too-many-priorities",
                                    static_cast<long long>(kMaxPriorities)});
    }
    std::vector<std::string> kept;
    std::set<std::string> seen;
    for (const auto& id : element_ids) {
        if (!on_pathway(s->page.audience, id))
            return fail(ErrorCode::kInvalidInput, "plan.element-unknown");
        if (seen.insert(id).second) kept.push_back(id);
    }
    return d_.plans->set_priorities(s->key, kept, iso8601(d_.clock()));
}

Result<store::ActionFields> PlanService::validate(const Subject& s, const ActionInput& in) const {
    store::ActionFields f;
    if (!on_pathway(s.page.audience, in.element_id)) {
        return fail(ErrorCode::kInvalidInput, "plan.element-unknown");
    }
    f.element_id = in.element_id;
    std::string typed = std::string(text::trim(in.description));
    if (typed.empty() && !in.move.empty()) {
        // A move is taken from the content as it stands, never from what the form sent.
        const content::Element* element = s.page.roadmap->element(in.element_id);
        for (const auto& stage_moves : element->moves) {
            for (const auto& move : stage_moves) {
                if (move == in.move) typed = move;
            }
        }
        if (typed.empty()) return fail(ErrorCode::kInvalidInput, "plan.move-unknown");
    }
    auto description = short_text(typed, std::max(kMaxActionChars, typed.size()),
                                  "plan.description", "description");
    if (description && text::utf8_length(*description) > kMaxActionChars && typed != in.move) {
        return tl::unexpected(Error{ErrorCode::kInvalidInput, "plan.description-too-long",
                                    static_cast<long long>(kMaxActionChars)});
    }
    if (!description) return tl::unexpected(description.error());
    if (description->empty()) return fail(ErrorCode::kInvalidInput, "plan.description-missing");
    f.description = std::move(*description);
    if (in.owner.rfind("member:", 0) == 0) {
        long long id = 0;
        try {
            id = std::stoll(in.owner.substr(7));
        } catch (const std::exception&) {
            id = 0;
        }
        bool member = std::any_of(s.page.members.begin(), s.page.members.end(),
                                  [&](const store::MemberRecord& m) { return m.user_id == id; });
        if (!member) return fail(ErrorCode::kInvalidInput, "plan.owner-unknown");
        f.owner_user_id = id;
    } else {
        auto name = short_text(in.owner_name, kMaxOwnerNameChars, "plan.owner", "owner",
                               text::TextShape::kLine);
        if (!name) return tl::unexpected(name.error());
        f.owner_name = std::move(*name);
    }
    std::string_view due = text::trim(in.due_date);
    if (!due.empty() && !is_calendar_date(due)) {
        return fail(ErrorCode::kInvalidInput, "plan.due-date-invalid");
    }
    f.due_date = std::string(due);
    if (!in.target_stage.empty()) {
        auto stage = content::stage_index(in.target_stage);
        if (!stage) return fail(ErrorCode::kInvalidInput, "plan.target-stage-unknown");
        f.target_stage = in.target_stage;
    }
    if (!assessment::is_action_status(in.status)) {
        return fail(ErrorCode::kInvalidInput, "plan.status-unknown");
    }
    f.status = in.status;
    auto notes = short_text(in.notes, kMaxActionNotesChars, "plan.notes", "notes");
    if (!notes) return tl::unexpected(notes.error());
    f.notes = std::move(*notes);
    return f;
}

Result<long long> PlanService::add_action(const PlanRef& ref, const SignedIn* who,
                                          const ActionInput& input) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    if (!s->page.editable) return fail(ErrorCode::kForbidden, "plan.read-only");
    auto fields = validate(*s, input);
    if (!fields) return tl::unexpected(fields.error());
    return d_.plans->add_action(s->key, *fields, kMaxPlanActions, iso8601(d_.clock()));
}

Result<void> PlanService::update_action(const PlanRef& ref, const SignedIn* who,
                                        long long action_id, const ActionInput& input) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    if (!s->page.editable) return fail(ErrorCode::kForbidden, "plan.read-only");
    auto fields = validate(*s, input);
    if (!fields) return tl::unexpected(fields.error());
    return d_.plans->update_action(s->key, action_id, *fields, iso8601(d_.clock()));
}

Result<void> PlanService::delete_action(const PlanRef& ref, const SignedIn* who,
                                        long long action_id) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    if (!s->page.editable) return fail(ErrorCode::kForbidden, "plan.read-only");
    return d_.plans->delete_action(s->key, action_id);
}

Result<SharePage> PlanService::shares(const PlanRef& ref, const SignedIn* who) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    auto links = d_.shares->for_subject(s->key);
    if (!links) return tl::unexpected(links.error());
    return SharePage{s->page.title, s->page.session, s->may_share, std::move(*links)};
}

void PlanService::audit_share(AuditEvent event, const Subject& s, const SignedIn* who,
                              long long share_id, const Caller& caller) const {
    // One that belongs to no organization is nobody's but its link holder's: not logged.
    if (!d_.auditor || s.holder == 0) return;
    std::string subject = s.key.session_id != 0
                              ? "team session " + std::to_string(s.key.session_id)
                              : "assessment " + std::to_string(s.key.assessment_id);
    if (!s.page.title.empty()) subject += " “" + s.page.title + "”";
    d_.auditor->record(event, who ? who->user.id : 0,
                       "share link " + std::to_string(share_id) + " of " + subject +
                           (s.by_link ? ", by its private link" : ""),
                       caller.address, s.holder);
}

Result<std::string> PlanService::create_share(const PlanRef& ref, const SignedIn* who,
                                              const Caller& caller) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    if (!s->may_share) return fail(ErrorCode::kForbidden, "share.read-only");
    std::string key = who ? "share:" + std::to_string(who->user.id) : "share-ip:" + caller.address;
    if (auto ok = d_.limits ? d_.limits->attempt(key, kFreeShareLinksPerHour, std::chrono::hours(1))
                            : Result<void>();
        !ok) {
        return tl::unexpected(ok.error());
    }
    std::string token = crypto::new_token();
    auto made = d_.shares->create(crypto::token_hash(token), s->key, who ? who->user.id : 0,
                                  kMaxShareLinks, iso8601(d_.clock()));
    if (!made) return tl::unexpected(made.error());
    audit_share(AuditEvent::kShareCreated, *s, who, *made, caller);
    return token;
}

Result<void> PlanService::revoke_share(const PlanRef& ref, const SignedIn* who, long long share_id,
                                       const Caller& caller) const {
    auto s = subject(ref, who);
    if (!s) return tl::unexpected(s.error());
    if (!s->may_share) return fail(ErrorCode::kForbidden, "share.read-only");
    if (auto done =
            d_.shares->revoke(share_id, s->key, iso8601(d_.clock()), kRevokedShareLinksListed);
        !done) {
        return done;
    }
    audit_share(AuditEvent::kShareRevoked, *s, who, share_id, caller);
    return {};
}

Result<Shared> PlanService::open_shared(std::string_view token) const {
    if (!crypto::looks_like_token(token)) return fail(ErrorCode::kNotFound, "share.not-found");
    auto link = d_.shares->find_working(crypto::token_hash(token));
    if (!link) return tl::unexpected(link.error());
    Shared out;
    store::PlanSubjectKey key{link->assessment_id, link->session_id};
    if (link->assessment_id != 0) {
        auto opened = d_.assessments->open_shared(link->assessment_id);
        if (!opened) return tl::unexpected(opened.error());
        fill_from_assessment(out.plan, *opened);
        out.assessment = std::move(*opened);
    } else {
        auto placed = d_.sessions->shared_placement(link->session_id);
        if (!placed) return tl::unexpected(placed.error());
        if (auto ok = fill(out.plan, *placed); !ok) return tl::unexpected(ok.error());
        out.placement = std::move(*placed);
    }
    // Read-only, and no list of the organization's members.
    out.plan.editable = false;
    auto plan = d_.plans->find(key);
    if (!plan) return tl::unexpected(plan.error());
    out.plan.plan = std::move(*plan);
    return out;
}

Result<std::vector<store::OpenActionRecord>> PlanService::open_actions(long long organization_id,
                                                                       const SignedIn& who) const {
    auto role = d_.organizations->role_allowing(organization_id, who.user.id,
                                                access::Action::kViewOrganization);
    if (!role) return tl::unexpected(role.error());
    return d_.plans->open_actions(organization_id, 20);
}

}  // namespace cbe::service
