#include "service/history_service.hpp"

#include <algorithm>

namespace cbe::service {

namespace {

const PlacementSummary* find_summary(const std::vector<PlacementSummary>& placements,
                                     const PlacementRef& ref) {
    auto it = std::find_if(placements.begin(), placements.end(),
                           [&](const auto& p) { return p.ref == ref; });
    return it == placements.end() ? nullptr : &*it;
}

void refuse(ComparisonPage& page, ErrorCode code, const char* key, const char* field) {
    page.problem = Error{code, key, 0};
    page.problem_field = field;
}

}  // namespace

Result<assessment::Placement> HistoryService::load(long long organization_id,
                                                   const PlacementSummary& summary,
                                                   const content::RoadmapPtr& roadmap) const {
    assessment::Placement out;
    out.roadmap = roadmap.get();
    if (summary.ref.kind == PlacementKind::kAssessment) {
        auto record = d_.assessments->find_by_id(summary.ref.id);
        if (!record) return tl::unexpected(record.error());
        if (record->organization_id != organization_id) {
            return fail(ErrorCode::kNotFound, "history.placement-unknown");
        }
        const content::Audience* audience = roadmap->audience(record->audience);
        if (audience) out.element_ids = audience->element_ids;
        auto answers = d_.assessments->answers(record->id);
        if (!answers) return tl::unexpected(answers.error());
        out.answers = std::move(*answers);
        return out;
    }
    auto session = d_.sessions->find(summary.ref.id);
    if (!session) return tl::unexpected(session.error());
    if (session->organization_id != organization_id || !session->closed) {
        return fail(ErrorCode::kNotFound, "history.placement-unknown");
    }
    auto elements = d_.sessions->elements(session->id);
    if (!elements) return tl::unexpected(elements.error());
    for (const auto& e : *elements) {
        out.element_ids.push_back(e.element_id);
        if (e.outcome == "no-agreement") out.no_agreement.push_back(e.element_id);
        if (e.outcome != "agreed") continue;  // not decided: unanswered
        auto choice = assessment::Choice::parse(e.agreed_stage);
        if (choice && choice->is_stage()) out.answers.push_back({e.element_id, *choice, ""});
    }
    return out;
}

Result<ComparisonPage> HistoryService::compare(long long organization_id, const SignedIn& who,
                                               std::string_view a, std::string_view b) const {
    auto role = d_.organization_service->role_allowing(organization_id, who.user.id,
                                                       access::Action::kViewOrganization);
    if (!role) return tl::unexpected(role.error());
    auto org = d_.organizations->find(organization_id);
    if (!org) return tl::unexpected(org.error());
    auto assessments = d_.organizations->assessments(organization_id);
    if (!assessments) return tl::unexpected(assessments.error());
    auto sessions = d_.sessions->for_organization(organization_id);
    if (!sessions) return tl::unexpected(sessions.error());
    ComparisonPage page;
    page.organization = *org;
    page.placements = placement_history(*assessments, *sessions);
    page.picked_a = std::string(a);
    page.picked_b = std::string(b);
    if (a.empty() && b.empty()) return page;
    if (a.empty() || b.empty()) {
        refuse(page, ErrorCode::kInvalidInput, "history.pick-two", a.empty() ? "a" : "b");
        return page;
    }
    // Only placements listed for this organization can be found: one of another organization,
    // a deleted one and a made-up one are answered alike.
    auto ref_a = PlacementRef::parse(a), ref_b = PlacementRef::parse(b);
    const PlacementSummary* first = ref_a ? find_summary(page.placements, *ref_a) : nullptr;
    const PlacementSummary* second = ref_b ? find_summary(page.placements, *ref_b) : nullptr;
    if (!first || !second) {
        refuse(page, ErrorCode::kNotFound, "history.placement-unknown", !first ? "a" : "b");
        return page;
    }
    if (first == second) {
        refuse(page, ErrorCode::kInvalidInput, "history.pick-different", "b");
        return page;
    }
    if (earlier(*second, *first)) std::swap(first, second);
    ComparedPlacement then{*first, nullptr}, now{*second, nullptr};
    for (auto* side : {&then, &now}) {
        auto roadmap = d_.content->version(side->summary.content_version);
        if (!roadmap) return tl::unexpected(roadmap.error());
        side->roadmap = *roadmap;
    }
    auto placed_then = load(organization_id, then.summary, then.roadmap);
    if (!placed_then) return tl::unexpected(placed_then.error());
    auto placed_now = load(organization_id, now.summary, now.roadmap);
    if (!placed_now) return tl::unexpected(placed_now.error());
    page.comparison = assessment::compare(*placed_then, *placed_now);
    page.then = std::move(then);
    page.now = std::move(now);
    return page;
}

}  // namespace cbe::service
