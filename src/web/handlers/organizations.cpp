// Organizations: the organization page (members and assessments), an organization's assessments
// (results, exports, deletion) and moving an assessment in. Who may do what is the use cases'
// to decide (service/), through access::allowed.
#include "web/handlers/organizations.hpp"

#include <variant>

#include "access/policy.hpp"
#include "report/dates.hpp"
#include "report/results.hpp"
#include "service/assessment_service.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/history_models.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::AccountService;
using service::AssessmentService;
using service::OrganizationService;

// What a `done` query parameter says after a change: one of a fixed set, never the input.
// The words for ?done=<what> after a change (an unknown value shows nothing).
std::string notice_for(const std::string& done) {
    bool known = done == "role" || done == "removed" || done == "deleted" || done == "revoked" ||
                 done == "session-deleted" || done == "created";
    return known ? message_text("notice." + done) : "";
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

json::object organization_model(const Site& site, const service::OrganizationOverview& o,
                                const service::SignedIn& who) {
    json::array members, assessments, children, invitations;
    for (const auto& m : o.members) {
        members.push_back(json::object{{"user_id", m.user_id},
                                       {"name", m.name},
                                       {"email", m.email},
                                       {"role", access::role_name(m.role)},
                                       {"roles", role_choices(m.role)},
                                       {"is_you", m.user_id == who.user.id}});
    }
    for (const auto& a : o.assessments) {
        const auto* audience = site.roadmap().audience(a.audience);
        assessments.push_back(
            json::object{{"id", a.id},
                         {"label", report::display_name(a.label, audience, a.created_at)},
                         {"audience", audience ? audience->name : a.audience},
                         {"updated_at", report::readable_date(a.updated_at)}});
    }
    // The hierarchy around it: names link where the reader is a member too.
    auto related = [&](const store::OrganizationRecord& r) {
        return json::object{{"id", r.id},
                            {"name", r.name},
                            {"kind", r.kind},
                            {"linked", o.reader_organizations.count(r.id) > 0}};
    };
    for (const auto& child : o.children) children.push_back(related(child));
    for (const auto& i : o.invitations) {
        invitations.push_back(
            json::object{{"id", i.id},
                         {"role", access::role_name(i.role)},
                         {"made_by", i.made_by.empty() ? "—" : i.made_by},
                         {"created_at", report::readable_date_time(i.created_at)},
                         {"expires_at", report::readable_date_time(i.expires_at)}});
    }
    json::value parent = nullptr;
    if (o.parent) parent = related(*o.parent);
    bool can_run = access::allowed(o.role, access::Action::kRunSession);
    json::array sessions;
    for (const auto& t : o.sessions) {
        // Members see closed sessions' placements; facilitators also reach the open boards.
        if (!t.closed && !can_run) continue;
        sessions.push_back(
            json::object{{"id", t.id},
                         {"title", t.title},
                         {"school_year", t.school_year},
                         {"closed", t.closed},
                         {"when", report::readable_date(t.closed ? t.closed_at : t.created_at)}});
    }
    json::array years = placements_by_year(site.roadmap(), o.organization.id, o.placements);
    return {{"title", o.organization.name},
            {"years", years},
            {"has_placements", !o.placements.empty()},
            {"can_compare", o.placements.size() >= 2},
            {"can_run", can_run},
            {"sessions", sessions},
            {"has_sessions", !sessions.empty()},
            {"page", "account"},
            {"name", o.organization.name},
            {"org_id", o.organization.id},
            {"can_manage", access::allowed(o.role, access::Action::kManageMembers)},
            {"can_delete", access::allowed(o.role, access::Action::kDeleteAssessment)},
            {"can_audit", access::allowed(o.role, access::Action::kViewAuditLog)},
            {"kind", o.organization.kind},
            {"parent", parent},
            {"children", children},
            {"has_children", !children.empty()},
            {"invitations", invitations},
            {"has_invitations", !invitations.empty()},
            {"role", access::role_name(o.role)},
            {"members", members},
            {"assessments", assessments},
            {"has_assessments", !assessments.empty()}};
}

Response organization_page(const Site& site, const AccountService& accounts,
                           const OrganizationService& organizations, const Request& request) {
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    return show_organization(site, organizations, request, *who, "", 200);
}

enum class View { kResults, kCsv, kJson, kXlsx, kDeleteConfirmation };

struct Deps {
    const Site& site;
    const AccountService& accounts;
    const OrganizationService& organizations;
    const AssessmentService& assessments;
};

std::string assessment_base(long long org, long long id) {
    return organization_path(org) + "/assessments/" + std::to_string(id);
}

Response organization_assessment_page(const Deps& d, const Request& request, View view) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    auto action = view == View::kDeleteConfirmation ? access::Action::kDeleteAssessment
                                                    : access::Action::kViewOrganization;
    long long org = id_param(request), id = id_param(request, "assessment");
    auto opened = d.assessments.open_in_organization(org, id, *who, action);
    if (!opened) return d.site.error_response(opened.error(), request);
    auto view_model = view_of(*opened, assessment_base(org, id));
    switch (view) {
        case View::kResults: {
            auto model = results_page(report::build_results(view_model));
            // Owners decide whether the private link it came with may still change answers.
            bool can_set =
                d.organizations.role_allowing(org, who->user.id, access::Action::kSetLinkAccess)
                    .has_value();
            model["can_set_link_access"] = can_set;
            model["link_edits"] = opened->record.link_access != "read";
            model["link_ended"] = !opened->record.link_ended_at.empty();
            model["link_ended_on"] = report::readable_date(opened->record.link_ended_at);
            model["link_changed"] = request.query_value("done") == "link-access";
            // Members who may add assessments may also say which school year one describes.
            model["year_form"] =
                d.organizations.role_allowing(org, who->user.id, access::Action::kAddAssessment)
                    .has_value();
            return render_private(d.site, "assessment_results", std::move(model), request);
        }
        case View::kDeleteConfirmation:
            return render_private(d.site, "assessment_delete", report::delete_model(view_model),
                                  request);
        case View::kCsv:
        case View::kJson:
        case View::kXlsx:
            break;
    }
    auto format = view == View::kCsv    ? ExportFormat::kCsv
                  : view == View::kJson ? ExportFormat::kJson
                                        : ExportFormat::kXlsx;
    d.assessments.audit_export(*opened, who->user.id, export_audit_suffix(format),
                               caller_of(request));
    return export_response(*opened, format);
}

Response delete_organization_assessment(const Deps& d, const Request& request) {
    auto posted = member_post(d.site, d.accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org] = std::get<MemberPost>(posted);
    auto opened = d.assessments.open_in_organization(org, id_param(request, "assessment"), who,
                                                     access::Action::kDeleteAssessment);
    if (!opened) return d.site.error_response(opened.error(), request);
    if (auto removed = d.assessments.remove_in_organization(*opened, who, caller_of(request));
        !removed) {
        return d.site.error_response(removed.error(), request);
    }
    return redirect(organization_path(org) + "?done=deleted");
}

Response set_link_access(const Deps& d, const Request& request) {
    auto posted = member_post(d.site, d.accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org] = std::get<MemberPost>(posted);
    long long id = id_param(request, "assessment");
    auto opened = d.assessments.open_in_organization(org, id, who, access::Action::kSetLinkAccess);
    if (!opened) return d.site.error_response(opened.error(), request);
    if (auto set = d.assessments.set_link_access(*opened, form_value(form, "link_access"), who,
                                                 caller_of(request));
        !set) {
        return d.site.error_response(set.error(), request);
    }
    return redirect(assessment_base(org, id) + "?done=link-access");
}

Response move_assessment(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    auto it = request.params.find("token");
    auto opened = d.assessments.open(it == request.params.end() ? "" : it->second, false);
    if (!opened) return d.site.error_response(opened.error(), request);
    long long org = parse_id(form_value(form, "organization"));
    if (auto moved = d.assessments.move(*opened, org, *who, caller_of(request)); !moved) {
        return d.site.error_response(moved.error(), request);
    }
    return redirect(organization_path(org));
}

}  // namespace

std::variant<MemberPost, Response> member_post(const Site& site, const AccountService& accounts,
                                               const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    return MemberPost{std::move(std::get<Form>(checked)), std::move(*who), id_param(request)};
}

Response show_organization(const Site& site, const OrganizationService& organizations,
                           const Request& request, const service::SignedIn& who,
                           const std::string& error, int status, const TypedInvitation* typed) {
    auto overview = organizations.overview(id_param(request), who);
    if (!overview) return site.error_response(overview.error(), request);
    json::object model = organization_model(site, *overview, who);
    std::string notice = error.empty() ? notice_for(request.query_value("done")) : "";
    model["error"] = error;
    model["has_error"] = !error.empty();
    model["notice"] = notice;
    model["has_notice"] = !notice.empty();
    model["can_email"] = organizations.can_email();  // the invitation form's email field
    if (typed) {
        model["invite_email"] = typed->email;
        model["invite_typed"] = true;
        if (auto role = access::parse_role(typed->role)) {
            model["invite_" + std::string(access::role_name(*role))] = true;  // selected
        }
    }
    return render_private(site, "organization", std::move(model), request, status);
}

Response organization_error(const Site& site, const OrganizationService& organizations,
                            const Request& request, const service::SignedIn& who,
                            const Error& error, const TypedInvitation* typed) {
    if (error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kConflict ||
        error.code == ErrorCode::kRateLimited) {
        return Site::refused_form(
            show_organization(site, organizations, request, who, message_text(error), 200, typed),
            error);
    }
    return site.error_response(error, request);
}

std::string organization_path(long long organization_id) {
    return "/orgs/" + std::to_string(organization_id);
}

void add_organizations(Site& site, Router& router, const AssessmentService& assessments,
                       const AccountService& accounts, const OrganizationService& organizations) {
    constexpr bool kBlocking = true;
    // Lives as long as the router's handlers (both are the site's).
    auto d = std::make_shared<Deps>(Deps{site, accounts, organizations, assessments});
    router.add(
        Method::kGet, "/orgs/{id}",
        [d](Request& r) { return organization_page(d->site, d->accounts, d->organizations, r); },
        kBlocking);
    const std::string assessment = "/orgs/{id}/assessments/{assessment}";
    auto page = [&](const std::string& path, View view) {
        router.add(
            Method::kGet, path,
            [d, view](Request& r) { return organization_assessment_page(*d, r, view); }, kBlocking);
    };
    page(assessment, View::kResults);
    page(assessment + "/results.csv", View::kCsv);
    page(assessment + "/results.json", View::kJson);
    page(assessment + "/results.xlsx", View::kXlsx);
    page(assessment + "/delete", View::kDeleteConfirmation);
    router.add(
        Method::kPost, assessment + "/delete",
        [d](Request& r) { return delete_organization_assessment(*d, r); }, kBlocking);
    router.add(
        Method::kPost, assessment + "/link-access",
        [d](Request& r) { return set_link_access(*d, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/move", [d](Request& r) { return move_assessment(*d, r); },
        kBlocking);
    add_members(site, router, accounts, organizations);
}

}  // namespace cbe::web::handlers
