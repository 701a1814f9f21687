// Actions of the self-assessment journey: start, save an answer, delete. Every post checks its
// CSRF token, calls one AssessmentService use case, answers 303 on success, and on a validation
// error shows the form again with what was typed.
#include <boost/json/serialize.hpp>
#include <variant>

#include "service/account_service.hpp"
#include "service/assessment_service.hpp"
#include "service/organization_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

using service::AssessmentService;

std::string token_of(const Request& request) {
    auto it = request.params.find("token");
    return it == request.params.end() ? "" : it->second;
}

Response start(const Site& site, const AssessmentService& assessments, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    std::string audience = form_value(form, "audience"), label = form_value(form, "label");
    auto started = assessments.start(audience, label, caller_of(request));
    if (!started) {
        const Error& error = started.error();
        if (error.code != ErrorCode::kInvalidInput) return site.error_response(error, request);
        return render_private(
            site, "assessment_start",
            report::start_model(assessments.current(), audience, label, message_text(error)),
            request, status_for(error.code));
    }
    Response response = redirect("/a/" + started->token + "/e/" + started->first_element);
    remember(site, response, started->token);
    return response;
}

// Where "Save and …" goes after a successful save.
std::string next_location(const service::OpenedAssessment& a, const std::string& element_id,
                          const std::string& go) {
    std::string base = "/a/" + a.token;
    const auto& path = a.audience->element_ids;
    size_t index = std::find(path.begin(), path.end(), element_id) - path.begin();
    if (go == "previous" && index > 0) return base + "/e/" + path[index - 1];
    if (go == "overview") return base;
    if (go == "results" || index + 1 >= path.size()) return base + "/results";
    return base + "/e/" + path[index + 1];
}

Response save_answer(const Site& site, const AssessmentService& assessments,
                     const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    // Earlier answers are not needed to save one; they are read only to show the page again.
    auto opened = assessments.open(token_of(request), false);
    if (!opened) return site.error_response(opened.error(), request);
    const std::string& element_id = request.params.at("element");
    const content::Element* element = opened->roadmap->element(element_id);
    report::StepInput input{form_value(form, "choice"), form_value(form, "note"), ""};
    auto saved = assessments.save_answer(*opened, element_id, input.choice, input.note);
    if (!saved && saved.error().code == ErrorCode::kNotFound) return site.not_found(request);
    if (!saved) {
        const Error& error = saved.error();
        int status = status_for(error.code);
        input.error = error.code == ErrorCode::kInvalidInput ? message_text(error)
                                                             : message_text("answer.not-saved");
        if (wants_json(request)) {
            return json_response(status, {{"saved", false}, {"error", input.error}});
        }
        (void)assessments.load_answers(*opened);  // best effort: the typed input is shown anyway
        return render_private(site, "assessment_step",
                              report::step_model(view_of(*opened), *element, &input), request,
                              status);
    }
    if (wants_json(request)) return json_response(200, {{"saved", true}, {"saved_at", site.now()}});
    Response response = redirect(next_location(*opened, element_id, form_value(form, "go")));
    remember(site, response, opened->token);
    return response;
}

Response delete_assessment(const Site& site, const AssessmentService& assessments,
                           const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto opened = assessments.open(token_of(request), false);
    if (!opened) return site.error_response(opened.error(), request);
    if (auto removed = assessments.remove_by_link(*opened); !removed) {
        return site.error_response(removed.error(), request);
    }
    Response response = redirect("/assessments/deleted");
    if (cookie(request, kResumeCookie, site.secure_cookies()) == opened->token) {
        set_cookie(response, kResumeCookie, "", {0, site.secure_cookies(), true});
    }
    return response;
}

}  // namespace

void add_assessments(Site& site, Router& router, const AssessmentService& assessments,
                     const service::AccountService& accounts,
                     const service::OrganizationService& organizations,
                     RenderedCache* results_cache) {
    constexpr bool kBlocking = true;
    const auto& s = site;
    const auto& a = assessments;
    router.add(
        Method::kPost, "/assessments", [&s, &a](Request& r) { return start(s, a, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/e/{element}",
        [&s, &a](Request& r) { return save_answer(s, a, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/delete",
        [&s, &a](Request& r) { return delete_assessment(s, a, r); }, kBlocking);
    add_assessment_pages(site, router, assessments, accounts, organizations, results_cache);
}

}  // namespace cbe::web::handlers
