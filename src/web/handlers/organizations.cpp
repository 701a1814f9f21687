// Organizations: the organization page (members and assessments) and moving an anonymous
// assessment into an organization. Access is decided by access::allowed, nowhere else.
#include <variant>

#include "access/policy.hpp"
#include "core/crypto.hpp"
#include "store/organization_repository.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;

// A numeric path parameter, or 0 (which names nothing) when absent or not a number.
long long id_param(const Request& request, const std::string& name = "id") {
    auto it = request.params.find(name);
    return it == request.params.end() ? 0 : parse_id(it->second);
}

Response organization_page(Site& site, Request& request) {
    auto who = signed_in(site, request);
    if (!who) return redirect("/sign-in");
    store::OrganizationRepository orgs(site.database());
    long long id = id_param(request);
    auto role = orgs.role_of(id, who->user.id);
    if (!role) return failure_page(site, role.error(), request);
    // Not a member: the same 404 as a missing organization, so its existence is not revealed.
    if (!access::allowed(*role, access::Action::kViewOrganization)) return site.not_found(request);
    auto org = orgs.find(id);
    auto members = orgs.members(id);
    auto assessments = orgs.assessments(id);
    if (!org || !members || !assessments)
        return failure_page(site, Error{ErrorCode::kUnavailable, ""}, request);
    json::array member_list, assessment_list;
    for (const auto& m : *members) {
        member_list.push_back(
            json::object{{"name", m.name}, {"role", std::string(access::role_name(m.role))}});
    }
    for (const auto& a : *assessments) {
        const auto* audience = site.roadmap().audience(a.audience);
        assessment_list.push_back(json::object{{"id", a.id},
                                               {"label", a.label.empty() ? "Untitled" : a.label},
                                               {"audience", audience ? audience->name : a.audience},
                                               {"updated_at", a.updated_at}});
    }
    json::object model{{"title", org->name},
                       {"page", "account"},
                       {"name", org->name},
                       {"org_id", org->id},
                       {"can_invite", access::allowed(**role, access::Action::kManageMembers)},
                       {"kind", org->kind},
                       {"role", std::string(access::role_name(**role))},
                       {"members", member_list},
                       {"assessments", assessment_list},
                       {"has_assessments", !assessment_list.empty()}};
    return render_private(site, "organization", std::move(model), request);
}

// An organization's assessment, opened by a member allowed to view the organization. Anything
// else — not signed in aside — is the same kNotFound as a missing one.
Result<LoadedAssessment> organization_assessment(const Site& site, const Request& request,
                                                 const SignedIn& who) {
    long long org_id = id_param(request), assessment_id = id_param(request, "assessment");
    store::OrganizationRepository orgs(site.database());
    auto role = orgs.role_of(org_id, who.user.id);
    if (!role) return tl::unexpected(role.error());
    if (!access::allowed(*role, access::Action::kViewOrganization)) {
        return fail(ErrorCode::kNotFound, "not found");
    }
    auto record = site.assessments().find_by_id(assessment_id);
    if (!record) return tl::unexpected(record.error());
    if (record->organization_id != org_id) return fail(ErrorCode::kNotFound, "not found");
    auto roadmap = site.content().version(record->content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    const content::Audience* audience = (*roadmap)->audience(record->audience);
    if (!audience) return fail(ErrorCode::kInternal, "unknown audience " + record->audience);
    LoadedAssessment loaded{
        "",
        std::move(*record),
        *roadmap,
        audience,
        {},
        "/orgs/" + std::to_string(org_id) + "/assessments/" + std::to_string(assessment_id)};
    if (auto ok = load_answers(site, loaded); !ok) return tl::unexpected(ok.error());
    return loaded;
}

// Results (export == 0), or a CSV (1) or JSON (2) download, of an organization's assessment.
Response organization_results(Site& site, Request& request, int export_kind) {
    auto who = signed_in(site, request);
    if (!who) return redirect("/sign-in");
    auto loaded = organization_assessment(site, request, *who);
    if (!loaded) return failure_page(site, loaded.error(), request);
    if (export_kind == 0) {
        Response response =
            site.render("assessment_results", report::results_model(loaded->view()), request);
        response.headers.emplace_back("X-Robots-Tag", "noindex");
        return response;
    }
    (void)site.accounts().audit({site.now(), "export", who->user.id,
                                 "assessment " + std::to_string(loaded->record.id) + " as " +
                                     (export_kind == 1 ? "CSV" : "JSON"),
                                 client_address(request)});
    return export_response(*loaded, export_kind == 1);
}

Response move_assessment(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form* form = &std::get<Form>(checked);
    auto who = signed_in(site, request);
    if (!who) return redirect("/sign-in");
    auto loaded = load_assessment(site, request, false);
    if (!loaded) return failure_page(site, loaded.error(), request);
    store::OrganizationRepository orgs(site.database());
    long long org_id = parse_id(form_value(*form, "organization"));
    auto role = orgs.role_of(org_id, who->user.id);
    if (!role) return failure_page(site, role.error(), request);
    if (!access::allowed(*role, access::Action::kAddAssessment)) return site.not_found(request);
    if (auto ok = orgs.adopt_assessment(org_id, loaded->record.id); !ok) {
        return failure_page(site, ok.error(), request);
    }
    (void)site.accounts().audit({site.now(), "assessment-moved", who->user.id,
                                 "into organization " + std::to_string(org_id),
                                 client_address(request)});
    return redirect("/orgs/" + std::to_string(org_id));
}

}  // namespace

void add_organizations(Site& site, Router& router) {
    constexpr bool kBlocking = true;
    router.add(
        Method::kGet, "/orgs/{id}", [&site](Request& r) { return organization_page(site, r); },
        kBlocking);
    router.add(
        Method::kGet, "/orgs/{id}/assessments/{assessment}",
        [&site](Request& r) { return organization_results(site, r, 0); }, kBlocking);
    router.add(
        Method::kGet, "/orgs/{id}/assessments/{assessment}/results.csv",
        [&site](Request& r) { return organization_results(site, r, 1); }, kBlocking);
    router.add(
        Method::kGet, "/orgs/{id}/assessments/{assessment}/results.json",
        [&site](Request& r) { return organization_results(site, r, 2); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/move", [&site](Request& r) { return move_assessment(site, r); },
        kBlocking);
}

}  // namespace cbe::web::handlers
