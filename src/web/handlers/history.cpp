// Year over year (issue 12, docs/assessment.md): the school year an assessment describes, set by
// whoever may change it (its private link, or a member through the organization), and the
// compare page of an organization's placements. A plain GET form picks the two placements, so
// the page works without JavaScript.
#include <variant>

#include "service/assessment_service.hpp"
#include "service/history_service.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/history_models.hpp"
#include "web/handlers/organizations.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;

struct Deps {
    const Site& site;
    const service::AccountService& accounts;
    const service::AssessmentService& assessments;
    const service::HistoryService& history;
};

// The school-year form shown again with what was typed and the error beside the field.
void keep_typed_year(json::object& model, const std::string& typed, const Error& error) {
    model["year_typed"] = typed;
    model["year_error"] = message_text(error);  // summed up at the top, and beside the field
}

Response set_year_by_link(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    auto it = request.params.find("token");
    auto opened = d.assessments.open(it == request.params.end() ? "" : it->second);
    if (!opened) return d.site.error_response(opened.error(), request);
    std::string typed = form_value(form, "school_year");
    auto done = d.assessments.set_school_year(*opened, typed);
    if (!done && done.error().code == ErrorCode::kInvalidInput) {
        json::object model = report::overview_model(view_of(*opened));
        model["private_link"] = d.site.absolute_url("/a/" + opened->token);
        keep_typed_year(model, typed, done.error());
        return render_private(d.site, "assessment_overview", std::move(model), request,
                              status_for(done.error().code));
    }
    if (!done) return d.site.error_response(done.error(), request);
    return redirect("/a/" + opened->token + "#school-year");
}

Response set_year_in_organization(const Deps& d, const Request& request) {
    auto posted = member_post(d.site, d.accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org] = std::get<MemberPost>(posted);
    long long id = id_param(request, "assessment");
    auto opened = d.assessments.open_in_organization(org, id, who, access::Action::kAddAssessment);
    if (!opened) return d.site.error_response(opened.error(), request);
    std::string base = organization_path(org) + "/assessments/" + std::to_string(id);
    std::string typed = form_value(form, "school_year");
    auto done = d.assessments.set_school_year(*opened, typed);
    if (!done && done.error().code == ErrorCode::kInvalidInput) {
        auto view = view_of(*opened, base);  // the results point into it
        json::object model = results_page(report::build_results(view));
        model["year_form"] = true;
        keep_typed_year(model, typed, done.error());
        return render_private(d.site, "assessment_results", std::move(model), request,
                              status_for(done.error().code));
    }
    if (!done) return d.site.error_response(done.error(), request);
    return redirect(base + "#school-year");
}

Response compare(const Deps& d, const Request& request) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    auto page = d.history.compare(id_param(request), *who, request.query_value("a"),
                                  request.query_value("b"));
    if (!page) return d.site.error_response(page.error(), request);
    json::object model = compare_page_model(d.site.roadmap(), *page);
    int status = 200;
    if (page->problem) {
        model["error"] = message_text(*page->problem);
        model["has_error"] = true;
        status = status_for(page->problem->code);
    }
    return render_private(d.site, "organization_compare", std::move(model), request, status);
}

}  // namespace

void add_history(Site& site, Router& router, const service::AccountService& accounts,
                 const service::AssessmentService& assessments,
                 const service::HistoryService& history) {
    constexpr bool kBlocking = true;
    auto d = std::make_shared<Deps>(Deps{site, accounts, assessments, history});
    router.add(
        Method::kGet, "/orgs/{id}/compare", [d](Request& r) { return compare(*d, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/school-year",
        [d](Request& r) { return set_year_by_link(*d, r); }, kBlocking);
    router.add(
        Method::kPost, "/orgs/{id}/assessments/{assessment}/school-year",
        [d](Request& r) { return set_year_in_organization(*d, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
