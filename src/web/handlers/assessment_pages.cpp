// Pages of the self-assessment journey (GET): start form, overview, steps, results, exports,
// delete confirmation. Each opens the assessment through AssessmentService and renders.
#include <boost/json/serialize.hpp>

#include "assessment/school_year.hpp"
#include "report/results.hpp"
#include "service/account_service.hpp"
#include "service/assessment_service.hpp"
#include "service/organization_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"
#include "web/rendered_cache.hpp"

namespace cbe::web::handlers {

namespace {

using service::AssessmentService;

struct Deps {
    const Site& site;
    const AssessmentService& assessments;
    const service::AccountService& accounts;
    const service::OrganizationService& organizations;
    RenderedCache* results_cache;
};

std::string token_of(const Request& request) {
    auto it = request.params.find("token");
    return it == request.params.end() ? "" : it->second;
}

// What the last post did to a step, said on the page it led to (assessments.cpp, with_notice):
// "?kept=<element>", "?flagged=<element>", or "?cleared=1" on the cleared step itself.
std::string step_notice(const service::OpenedAssessment& a, const Request& request) {
    if (!request.query_value("cleared").empty()) return message_text("notice.step-cleared");
    for (const char* what : {"kept", "flagged"}) {
        std::string id = request.query_value(what);
        if (id.empty()) continue;
        const auto& path = a.audience->element_ids;
        const content::Element* element = a.roadmap->element(id);
        if (!element || std::find(path.begin(), path.end(), id) == path.end()) return "";
        return message_text(
            Message{std::string("notice.step-") + what, 0, {{"name", element->name}}});
    }
    return "";
}

Response new_assessment(const Deps& d, const Request& request) {
    std::string audience = request.query_value("audience");
    auto model = report::start_model(d.assessments.current(), audience, "", "");
    // Offered, not required: the school year today's date falls in (US years run July-June).
    model["school_year"] = assessment::school_year_of(d.site.now());
    return render_private(d.site, "assessment_start", std::move(model), request);
}

// Asks before deleting; an assessment an organization holds is not the link's to delete.
Response delete_page(const Deps& d, const Request& request) {
    auto opened = d.assessments.open(token_of(request));
    if (!opened) return d.site.error_response(opened.error(), request);
    if (auto may = d.assessments.may_remove_by_link(*opened); !may) {
        return d.site.error_response(may.error(), request);
    }
    Response response = render_private(d.site, "assessment_delete",
                                       report::delete_model(view_of(*opened)), request);
    // Opening a link on a new device remembers it there too.
    remember(d.site, request, response, opened->token);
    return response;
}

Response step(const Deps& d, const Request& request) {
    auto opened = d.assessments.open(token_of(request));
    if (!opened) return d.site.error_response(opened.error(), request);
    const auto& path = opened->audience->element_ids;
    const std::string& id = request.params.at("element");
    const content::Element* element = opened->roadmap->element(id);
    if (!element || std::find(path.begin(), path.end(), id) == path.end()) {
        return d.site.not_found(request);
    }
    Response response = render_private(
        d.site, "assessment_step",
        report::step_model(view_of(*opened), *element, nullptr, step_notice(*opened, request)),
        request);
    remember(d.site, request, response, opened->token);
    return response;
}

Response download(const Deps& d, const Request& request, ExportFormat format) {
    auto opened = d.assessments.open(token_of(request));
    if (!opened) return d.site.error_response(opened.error(), request);
    auto who = signed_in(d.site, d.accounts, request);
    d.assessments.audit_export(*opened, who ? who->user.id : 0, export_audit_suffix(format),
                               caller_of(request));
    return export_response(*opened, format);
}

// The overview, plus (when signed in) the organizations this assessment may be moved into.
Response overview(const Deps& d, const Request& request) {
    auto opened = d.assessments.open(token_of(request));
    if (!opened) return d.site.error_response(opened.error(), request);
    boost::json::object model = report::overview_model(view_of(*opened));
    model["private_link"] = d.site.absolute_url("/a/" + opened->token);
    std::string notice = step_notice(*opened, request);
    model["notice"] = notice;
    model["has_notice"] = !notice.empty();
    boost::json::array targets;
    if (auto who = signed_in(d.site, d.accounts, request)) {
        for (const auto& m : d.assessments.move_targets(*opened, *who)
                                 .value_or(std::vector<store::MembershipRecord>{})) {
            targets.push_back(
                boost::json::object{{"id", m.organization.id}, {"name", m.organization.name}});
        }
    }
    model["has_organizations"] = !targets.empty();
    model["organizations"] = std::move(targets);
    model["deletable"] = d.assessments.may_remove_by_link(*opened).has_value();
    Response response = render_private(d.site, "assessment_overview", std::move(model), request);
    remember(d.site, request, response, opened->token);
    return response;
}

// Results change only when an answer is saved, which bumps the revision: the rendered page is
// kept per revision and content version, so repeat views skip the answers and the rendering.
Response results(const Deps& d, const Request& request) {
    auto opened = d.assessments.open(token_of(request), false);
    if (!opened) return d.site.error_response(opened.error(), request);
    const auto& record = opened->record;
    std::string key = std::to_string(record.id) + ":" + std::to_string(record.revision) + ":" +
                      record.content_version;
    RenderedCache* cache = d.results_cache;
    Response response;
    if (auto body = cache ? cache->get(key) : nullptr) {
        response.body = std::move(body);
        response.headers.emplace_back("Cache-Control", "no-store");
    } else {
        if (auto ok = d.assessments.load_answers(*opened); !ok) {
            return d.site.error_response(ok.error(), request);
        }
        auto view = view_of(*opened);
        response =
            d.site.render("assessment_results", results_page(report::build_results(view)), request);
        if (cache) cache->put(key, response.body);
    }
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    remember(d.site, request, response, opened->token);
    return response;
}

}  // namespace

void add_assessment_pages(Site& site, Router& router, const AssessmentService& assessments,
                          const service::AccountService& accounts,
                          const service::OrganizationService& organizations,
                          RenderedCache* results_cache) {
    constexpr bool kBlocking = true;
    auto d =
        std::make_shared<Deps>(Deps{site, assessments, accounts, organizations, results_cache});
    const auto& s = site;
    router.get("/assessments/new", [d](Request& r) { return new_assessment(*d, r); });
    router.get("/assessments/deleted", [&s](Request& r) {
        return s.render("assessment_deleted",
                        {{"title", "Assessment deleted"}, {"page", "assessment"}}, r);
    });
    // The list of this browser's assessments took over from the one remembered link; old
    // bookmarks of /resume land there.
    router.get("/resume", [](Request&) { return redirect("/assessments"); });
    router.add(
        Method::kGet, "/a/{token}", [d](Request& r) { return overview(*d, r); }, kBlocking);
    router.add(
        Method::kGet, "/a/{token}/e/{element}", [d](Request& r) { return step(*d, r); }, kBlocking);
    router.add(
        Method::kGet, "/a/{token}/results", [d](Request& r) { return results(*d, r); }, kBlocking);
    for (auto [path, format] : {std::pair{"/a/{token}/results.csv", ExportFormat::kCsv},
                                std::pair{"/a/{token}/results.json", ExportFormat::kJson},
                                std::pair{"/a/{token}/results.xlsx", ExportFormat::kXlsx}}) {
        router.add(
            Method::kGet, path,
            [d, format = format](Request& r) { return download(*d, r, format); }, kBlocking);
    }
    router.add(
        Method::kGet, "/a/{token}/delete", [d](Request& r) { return delete_page(*d, r); },
        kBlocking);
}

}  // namespace cbe::web::handlers
