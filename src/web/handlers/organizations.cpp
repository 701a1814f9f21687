// Organizations: the organization page (members and assessments), an organization's assessments
// (results, exports, deletion) and moving an anonymous assessment in. Access is decided by
// access::allowed, nowhere else.
#include "web/handlers/organizations.hpp"

#include <set>
#include <variant>

#include "access/policy.hpp"
#include "store/organization_repository.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organization_access.hpp"
#include "web/handlers/routes.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;

// What a `done` query parameter says after a change: one of a fixed set, never the input.
std::string notice_for(const std::string& done) {
    if (done == "role") return "The member's role is changed.";
    if (done == "removed") return "The member is removed.";
    if (done == "deleted") return "The assessment is deleted.";
    if (done == "revoked") return "The invitation link is revoked: it no longer works.";
    return "";
}

// Audits an event about an organization's assessment; one that belongs to no organization is
// nobody's but its link holder's, and is not logged.
void audit_assessment(const Site& site, const Request& request, const std::string& event,
                      const store::AssessmentRecord& record, const std::string& how) {
    if (record.organization_id == 0) return;
    auto who = signed_in(site, request);
    audit(site, request, event, who ? who->user.id : 0, assessment_name(record) + how,
          record.organization_id);
}

json::array role_choices(access::Role current) {
    json::array out;
    for (auto role : {access::Role::kViewer, access::Role::kMember, access::Role::kFacilitator,
                      access::Role::kOwner}) {
        out.push_back(
            json::object{{"value", access::role_name(role)}, {"selected", role == current}});
    }
    return out;
}

Response organization_page(Site& site, Request& request) {
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    return show_organization(site, request, *who, "", 200);
}

// An organization's assessment, opened by a member whose role allows `action`. Anything else
// is the same kNotFound as a missing one.
Result<LoadedAssessment> organization_assessment(const Site& site, const Request& request,
                                                 const SignedIn& who, access::Action action) {
    long long org_id = id_param(request), assessment_id = id_param(request, "assessment");
    auto role = role_allowing(site, org_id, who, action);
    if (!role) return tl::unexpected(role.error());
    auto record = site.assessments().find_by_id(assessment_id);
    if (!record) return tl::unexpected(record.error());
    if (record->organization_id != org_id) return fail(ErrorCode::kNotFound, "not found");
    auto roadmap = site.content().version(record->content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    const content::Audience* audience = (*roadmap)->audience(record->audience);
    if (!audience) return fail(ErrorCode::kInternal, "unknown audience " + record->audience);
    LoadedAssessment loaded{
        "",       std::move(*record),
        *roadmap, audience,
        {},       organization_path(org_id) + "/assessments/" + std::to_string(assessment_id)};
    if (auto ok = load_answers(site, loaded); !ok) return tl::unexpected(ok.error());
    return loaded;
}

enum class View { kResults, kCsv, kJson, kDeleteConfirmation };

Response organization_assessment_page(Site& site, Request& request, View view) {
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    auto action = view == View::kDeleteConfirmation ? access::Action::kDeleteAssessment
                                                    : access::Action::kViewOrganization;
    auto loaded = organization_assessment(site, request, *who, action);
    if (!loaded) return failure_page(site, loaded.error(), request);
    switch (view) {
        case View::kResults: {
            Response response =
                site.render("assessment_results", report::results_model(loaded->view()), request);
            response.headers.emplace_back("X-Robots-Tag", "noindex");
            return response;
        }
        case View::kDeleteConfirmation:
            return render_private(site, "assessment_delete", report::delete_model(loaded->view()),
                                  request);
        case View::kCsv:
        case View::kJson:
            break;
    }
    return audited_export(site, request, *loaded, view == View::kCsv);
}

Response delete_organization_assessment(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    auto loaded = organization_assessment(site, request, *who, access::Action::kDeleteAssessment);
    if (!loaded) return failure_page(site, loaded.error(), request);
    if (auto removed = site.assessments().remove(loaded->record.id); !removed) {
        return failure_page(site, removed.error(), request);
    }
    audit_deletion(site, request, loaded->record);
    return redirect(organization_path(loaded->record.organization_id) + "?done=deleted");
}

Response move_assessment(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form* form = &std::get<Form>(checked);
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    auto loaded = load_assessment(site, request, false);
    if (!loaded) return failure_page(site, loaded.error(), request);
    long long org_id = parse_id(form_value(*form, "organization"));
    auto role = role_allowing(site, org_id, *who, access::Action::kAddAssessment);
    if (!role) return organization_failure(site, role.error(), request);
    store::OrganizationRepository orgs(site.database());
    if (auto ok = orgs.adopt_assessment(org_id, loaded->record.id); !ok) {
        return failure_page(site, ok.error(), request);
    }
    audit(site, request, "assessment-moved", who->user.id, assessment_name(loaded->record), org_id);
    return redirect(organization_path(org_id));
}

}  // namespace

std::string assessment_name(const store::AssessmentRecord& record) {
    return "assessment " + std::to_string(record.id) +
           (record.label.empty() ? "" : " “" + record.label + "”");
}

Response audited_export(const Site& site, const Request& request,
                        const LoadedAssessment& assessment, bool csv) {
    audit_assessment(site, request, "export", assessment.record, csv ? " as CSV" : " as JSON");
    return export_response(assessment, csv);
}

void audit_deletion(const Site& site, const Request& request,
                    const store::AssessmentRecord& record) {
    audit_assessment(site, request, "assessment-deleted", record, "");
}

Response show_organization(const Site& site, const Request& request, const SignedIn& who,
                           const std::string& error, int status) {
    long long id = id_param(request);
    auto role = role_allowing(site, id, who, access::Action::kViewOrganization);
    if (!role) return organization_failure(site, role.error(), request);
    store::OrganizationRepository orgs(site.database());
    auto org = orgs.find(id);
    auto members = orgs.members(id);
    auto assessments = orgs.assessments(id);
    if (!org || !members || !assessments)
        return failure_page(site, Error{ErrorCode::kUnavailable, ""}, request);
    bool manage = access::allowed(*role, access::Action::kManageMembers);
    json::array member_list, assessment_list;
    for (const auto& m : *members) {
        member_list.push_back(json::object{{"user_id", m.user_id},
                                           {"name", m.name},
                                           {"email", m.email},
                                           {"role", access::role_name(m.role)},
                                           {"roles", role_choices(m.role)},
                                           {"is_you", m.user_id == who.user.id}});
    }
    for (const auto& a : *assessments) {
        const auto* audience = site.roadmap().audience(a.audience);
        assessment_list.push_back(json::object{{"id", a.id},
                                               {"label", a.label.empty() ? "Untitled" : a.label},
                                               {"audience", audience ? audience->name : a.audience},
                                               {"updated_at", a.updated_at}});
    }
    std::string notice = error.empty() ? notice_for(request.query_value("done")) : "";
    // The hierarchy around it: names link where the user is a member too.
    std::set<long long> mine;
    for (const auto& m :
         orgs.memberships_of(who.user.id).value_or(std::vector<store::MembershipRecord>{})) {
        mine.insert(m.organization.id);
    }
    auto related = [&](const store::OrganizationRecord& o) {
        return json::object{
            {"id", o.id}, {"name", o.name}, {"kind", o.kind}, {"linked", mine.count(o.id) > 0}};
    };
    json::array children;
    for (const auto& child : orgs.children(id).value_or(std::vector<store::OrganizationRecord>{})) {
        children.push_back(related(child));
    }
    json::array invitations;
    if (manage) {
        for (const auto& i :
             orgs.open_invitations(id, site.now()).value_or(std::vector<store::OpenInvitation>{})) {
            invitations.push_back(json::object{{"id", i.id},
                                               {"role", access::role_name(i.role)},
                                               {"made_by", i.made_by.empty() ? "—" : i.made_by},
                                               {"created_at", i.created_at},
                                               {"expires_at", i.expires_at}});
        }
    }
    json::value parent = nullptr;
    if (org->parent_id != 0) {
        if (auto found = orgs.find(org->parent_id)) parent = related(*found);
    }
    json::object model{{"title", org->name},
                       {"page", "account"},
                       {"name", org->name},
                       {"org_id", org->id},
                       {"can_manage", manage},
                       {"can_delete", access::allowed(*role, access::Action::kDeleteAssessment)},
                       {"can_audit", access::allowed(*role, access::Action::kViewAuditLog)},
                       {"kind", org->kind},
                       {"parent", parent},
                       {"children", children},
                       {"has_children", !children.empty()},
                       {"invitations", invitations},
                       {"has_invitations", !invitations.empty()},
                       {"role", access::role_name(*role)},
                       {"members", member_list},
                       {"assessments", assessment_list},
                       {"has_assessments", !assessment_list.empty()},
                       {"error", error},
                       {"has_error", !error.empty()},
                       {"notice", notice},
                       {"has_notice", !notice.empty()}};
    return render_private(site, "organization", std::move(model), request, status);
}

void add_organizations(Site& site, Router& router) {
    constexpr bool kBlocking = true;
    router.add(
        Method::kGet, "/orgs/{id}", [&site](Request& r) { return organization_page(site, r); },
        kBlocking);
    const std::string assessment = "/orgs/{id}/assessments/{assessment}";
    router.add(
        Method::kGet, assessment,
        [&site](Request& r) { return organization_assessment_page(site, r, View::kResults); },
        kBlocking);
    router.add(
        Method::kGet, assessment + "/results.csv",
        [&site](Request& r) { return organization_assessment_page(site, r, View::kCsv); },
        kBlocking);
    router.add(
        Method::kGet, assessment + "/results.json",
        [&site](Request& r) { return organization_assessment_page(site, r, View::kJson); },
        kBlocking);
    router.add(
        Method::kGet, assessment + "/delete",
        [&site](Request& r) {
            return organization_assessment_page(site, r, View::kDeleteConfirmation);
        },
        kBlocking);
    router.add(
        Method::kPost, assessment + "/delete",
        [&site](Request& r) { return delete_organization_assessment(site, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/move", [&site](Request& r) { return move_assessment(site, r); },
        kBlocking);
    add_members(site, router);
}

}  // namespace cbe::web::handlers
