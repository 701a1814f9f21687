// Read-only share links (issue 12; docs/plans.md, "Sharing"). Under each place a placement
// lives, `…/share` lists its links, makes one (the new link is shown once, on the page the form
// returns: only its hash is kept, and it never travels in a redirect or a log) and revokes one.
// `/s/{share}` opens the results and `/s/{share}/plan` the plan, with no edit control, no export
// and no link into the organization.
#include "report/dates.hpp"
#include "service/plan_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/plan_models.hpp"
#include "web/handlers/routes.hpp"
#include "web/handlers/session_models.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::PlanRef;
using service::PlanService;

struct Deps {
    const Site& site;
    const service::AccountService& accounts;
    const PlanService& plans;
};

std::string param(const Request& request, const std::string& name) {
    auto it = request.params.find(name);
    return it == request.params.end() ? "" : it->second;
}

json::object share_model(const service::SharePage& page, const PlacementPlace& place,
                         const std::string& new_link) {
    json::array links;
    for (const auto& link : page.links) {
        links.push_back(json::object{{"id", link.id},
                                     {"made", report::readable_date(link.created_at)},
                                     {"by", link.created_by_name},
                                     {"has_by", !link.created_by_name.empty()},
                                     {"revoked", !link.revoked_at.empty()},
                                     {"revoked_on", report::readable_date(link.revoked_at)}});
    }
    return {{"title", "Share read-only"},
            {"subject", page.title},
            {"has_subject", !page.title.empty()},
            {"base", place.base},
            {"results", place.results},
            {"editable", page.editable},
            {"links", links},
            {"has_links", !links.empty()},
            {"new_link", new_link},
            {"has_new_link", !new_link.empty()}};
}

Response share_page(const Deps& d, const Request& request, PlanRef::Kind kind,
                    const std::string& new_token, const Error* error) {
    PlacementPlace place = placement_place(request, kind);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who && place.needs_account) return sign_in_first(request);
    auto page = d.plans.shares(place.ref, who ? &*who : nullptr);
    if (!page) return d.site.error_response(page.error(), request);
    auto model =
        share_model(*page, place, new_token.empty() ? "" : d.site.absolute_url("/s/" + new_token));
    if (error) {
        model["error"] = message_text(*error);
        model["has_error"] = true;
    }
    return render_private(d.site, "share", std::move(model), request,
                          error ? status_for(error->code) : 200);
}

Response create(const Deps& d, const Request& request, PlanRef::Kind kind) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    PlacementPlace place = placement_place(request, kind);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who && place.needs_account) return sign_in_first(request);
    auto token = d.plans.create_share(place.ref, who ? &*who : nullptr, caller_of(request));
    if (!token) {
        if (token.error().code == ErrorCode::kConflict) {
            return share_page(d, request, kind, "", &token.error());
        }
        return d.site.error_response(token.error(), request);
    }
    return share_page(d, request, kind, *token, nullptr);
}

Response revoke(const Deps& d, const Request& request, PlanRef::Kind kind) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    PlacementPlace place = placement_place(request, kind);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who && place.needs_account) return sign_in_first(request);
    auto done = d.plans.revoke_share(place.ref, who ? &*who : nullptr, id_param(request, "share"),
                                     caller_of(request));
    if (!done) return d.site.error_response(done.error(), request);
    return redirect(place.base + "/share");
}

// What a share link opens: the results, read-only, with the plan one link away.
Response shared_results(const Deps& d, const Request& request) {
    std::string token = param(request, "share");
    auto shared = d.plans.open_shared(token);
    if (!shared) return d.site.error_response(shared.error(), request);
    std::string base = "/s/" + token;
    json::object model;
    std::string page;
    if (shared->assessment) {
        auto view = view_of(*shared->assessment, base);
        view.token.clear();
        view.read_only = true;
        view.organization_path.clear();
        model = results_page(report::build_results(view));
        page = "assessment_results";
    } else {
        model = placement_page(*shared->placement, base);
        page = "session_placement";
    }
    model["shared"] = true;
    model["editable"] = false;
    Response response = d.site.render(page, model, request);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    return response;
}

Response shared_plan(const Deps& d, const Request& request) {
    std::string token = param(request, "share");
    auto shared = d.plans.open_shared(token);
    if (!shared) return d.site.error_response(shared.error(), request);
    std::string base = "/s/" + token;
    auto model = plan_model(shared->plan, base + "/plan", base, nullptr);
    model["has_organization"] = false;  // no link into the organization
    model["shared"] = true;             // and no export
    Response response = d.site.render("plan", model, request);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    return response;
}

Response shared_report(const Deps& d, const Request& request, bool css) {
    std::string token = param(request, "share");
    auto shared = d.plans.open_shared(token);
    if (!shared) return d.site.error_response(shared.error(), request);
    if (css) return report_stylesheet(shared->plan);
    std::string base = "/s/" + token;
    auto model = report_model(shared->plan, base, base);
    Response response = d.site.render("report", model, request);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    return response;
}

}  // namespace

void add_shares(Site& site, Router& router, const service::AccountService& accounts,
                const PlanService& plans) {
    constexpr bool kBlocking = true;
    auto d = std::make_shared<Deps>(Deps{site, accounts, plans});
    auto place = [&](const std::string& base, PlanRef::Kind kind) {
        router.add(
            Method::kGet, base + "/share",
            [d, kind](Request& r) { return share_page(*d, r, kind, "", nullptr); }, kBlocking);
        router.add(
            Method::kPost, base + "/share", [d, kind](Request& r) { return create(*d, r, kind); },
            kBlocking);
        router.add(
            Method::kPost, base + "/share/{share}/revoke",
            [d, kind](Request& r) { return revoke(*d, r, kind); }, kBlocking);
    };
    place("/a/{token}", PlanRef::Kind::kLink);
    place("/orgs/{id}/assessments/{assessment}", PlanRef::Kind::kOrganizationAssessment);
    place("/sessions/{session}", PlanRef::Kind::kSession);
    router.add(
        Method::kGet, "/s/{share}", [d](Request& r) { return shared_results(*d, r); }, kBlocking);
    router.add(
        Method::kGet, "/s/{share}/plan", [d](Request& r) { return shared_plan(*d, r); }, kBlocking);
    router.add(
        Method::kGet, "/s/{share}/report", [d](Request& r) { return shared_report(*d, r, false); },
        kBlocking);
    router.add(
        Method::kGet, "/s/{share}/report.css",
        [d](Request& r) { return shared_report(*d, r, true); }, kBlocking);
}

}  // namespace cbe::web::handlers
