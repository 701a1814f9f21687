// Pages of the self-assessment journey (GET): start form, overview, steps, results, exports,
// delete confirmation.
#include <boost/json/serialize.hpp>

#include "access/policy.hpp"
#include "core/crypto.hpp"
#include "store/organization_repository.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organizations.hpp"

namespace cbe::web::handlers {

namespace {

Response new_assessment(Site& site, Request& request) {
    std::string audience = request.query_value("audience");
    return render_private(site, "assessment_start",
                          report::start_model(site.roadmap(), audience, "", ""), request);
}

// Looks the assessment up, renders `page` from it, and remembers its link on this device.
template <typename Build>
Response assessment_page(Site& site, Request& request, const std::string& page, Build build) {
    auto loaded = load_assessment(site, request);
    if (!loaded) return failure_page(site, loaded.error(), request);
    Response response = render_private(site, page, build(*loaded), request);
    remember(site, response, loaded->token);
    return response;
}

Response step(Site& site, Request& request) {
    auto loaded = load_assessment(site, request);
    if (!loaded) return failure_page(site, loaded.error(), request);
    const auto& path = loaded->audience->element_ids;
    const std::string& id = request.params["element"];
    const content::Element* element = loaded->roadmap->element(id);
    if (!element || std::find(path.begin(), path.end(), id) == path.end()) {
        return site.not_found(request);
    }
    Response response = render_private(
        site, "assessment_step", report::step_model(loaded->view(), *element, nullptr), request);
    remember(site, response, loaded->token);  // opening a link on a new device remembers it there
    return response;
}

Response download(Site& site, Request& request, bool csv) {
    auto loaded = load_assessment(site, request);
    if (!loaded) return failure_page(site, loaded.error(), request);
    return audited_export(site, request, *loaded, csv);
}

// The overview, plus (when signed in) the organizations this assessment may be moved into.
Response overview(Site& site, Request& request) {
    auto loaded = load_assessment(site, request);
    if (!loaded) return failure_page(site, loaded.error(), request);
    boost::json::object model = report::overview_model(loaded->view());
    model["private_link"] = site.absolute_url("/a/" + loaded->view().token);
    boost::json::array targets;
    if (auto who = signed_in(site, request)) {
        store::OrganizationRepository orgs(site.database());
        for (const auto& m :
             orgs.memberships_of(who->user.id).value_or(std::vector<store::MembershipRecord>{})) {
            if (!access::allowed(m.role, access::Action::kAddAssessment)) continue;
            targets.push_back(
                boost::json::object{{"id", m.organization.id}, {"name", m.organization.name}});
        }
    }
    model["has_organizations"] = !targets.empty();
    model["organizations"] = std::move(targets);
    Response response = render_private(site, "assessment_overview", std::move(model), request);
    remember(site, response, loaded->token);
    return response;
}

// Results change only when an answer is saved, which bumps the revision: the rendered page is
// kept per revision and content version, so repeat views skip the answers and the rendering.
Response results(Site& site, Request& request) {
    auto loaded = load_assessment(site, request, false);
    if (!loaded) return failure_page(site, loaded.error(), request);
    const auto& record = loaded->record;
    std::string key = std::to_string(record.id) + ":" + std::to_string(record.revision) + ":" +
                      record.content_version;
    RenderedCache* cache = site.results_cache();
    Response response;
    if (auto body = cache ? cache->get(key) : nullptr) {
        response.body = std::move(body);
        response.headers.emplace_back("Cache-Control", "no-store");
    } else {
        if (auto ok = load_answers(site, *loaded); !ok)
            return failure_page(site, ok.error(), request);
        response =
            site.render("assessment_results", report::results_model(loaded->view()), request);
        if (cache) cache->put(key, response.body);
    }
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    remember(site, response, loaded->token);
    return response;
}

Response resume(Site& site, Request& request) {
    std::string token = cookie(request, kResumeCookie);
    if (crypto::looks_like_token(token)) return redirect("/a/" + token);
    return site.render("assessment_resume",
                       {{"title", "Resume an assessment"}, {"page", "assessment"}}, request);
}

}  // namespace

void add_assessment_pages(Site& site, Router& router) {
    constexpr bool kBlocking = true;
    router.get("/assessments/new", [&site](Request& r) { return new_assessment(site, r); });
    router.get("/assessments/deleted", [&site](Request& r) {
        return site.render("assessment_deleted",
                           {{"title", "Assessment deleted"}, {"page", "assessment"}}, r);
    });
    router.get("/resume", [&site](Request& r) { return resume(site, r); });
    router.add(
        Method::kGet, "/a/{token}", [&site](Request& r) { return overview(site, r); }, kBlocking);
    router.add(
        Method::kGet, "/a/{token}/e/{element}", [&site](Request& r) { return step(site, r); },
        kBlocking);
    router.add(
        Method::kGet, "/a/{token}/results", [&site](Request& r) { return results(site, r); },
        kBlocking);
    router.add(
        Method::kGet, "/a/{token}/results.csv",
        [&site](Request& r) { return download(site, r, true); }, kBlocking);
    router.add(
        Method::kGet, "/a/{token}/results.json",
        [&site](Request& r) { return download(site, r, false); }, kBlocking);
    router.add(
        Method::kGet, "/a/{token}/delete",
        [&site](Request& r) {
            return assessment_page(site, r, "assessment_delete", [](const LoadedAssessment& a) {
                return report::delete_model(a.view());
            });
        },
        kBlocking);
}

}  // namespace cbe::web::handlers
