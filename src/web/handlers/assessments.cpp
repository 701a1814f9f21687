// Actions of the self-assessment journey: start, save (or skip, or flag) a step, clear a step,
// delete. Every post checks its
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
    std::string school_year = form_value(form, "school_year");
    auto started = assessments.start(audience, label, caller_of(request), school_year);
    if (!started) {
        const Error& error = started.error();
        if (error.code != ErrorCode::kInvalidInput) return site.error_response(error, request);
        auto model =
            report::start_model(assessments.current(), audience, label, message_text(error));
        model["school_year"] = school_year;  // kept as typed, marked when it is the problem
        if (error.field == "school_year") model["year_error"] = message_text(error);
        return render_private(site, "assessment_start", std::move(model), request,
                              status_for(error.code));
    }
    Response response = redirect("/a/" + started->token + "/e/" + started->first_element);
    remember(site, request, response, started->token);
    return response;
}

// Where a step's button goes once its form is saved. "flag" moves on like "next", but after the
// last step it goes to the overview, where flagged steps are listed.
std::string next_location(const service::OpenedAssessment& a, const std::string& element_id,
                          const std::string& go) {
    std::string base = "/a/" + a.token;
    const auto& path = a.audience->element_ids;
    size_t index = std::find(path.begin(), path.end(), element_id) - path.begin();
    bool last = index + 1 >= path.size();
    if (go == "previous" && index > 0) return base + "/e/" + path[index - 1];
    if (go == "overview" || (go == "flag" && last)) return base;
    if (go == "results" || last) return base + "/results";
    return base + "/e/" + path[index + 1];
}

// Tells the next page what happened to the step just left, when it was more than a save: it
// was flagged, or its note was kept by flagging it. The results page shows no notices, so then
// the overview is shown instead.
std::string with_notice(std::string location, const std::string& token, service::StepSaved saved,
                        const std::string& element_id) {
    const char* what = saved == service::StepSaved::kFlagged          ? "flagged"
                       : saved == service::StepSaved::kNoteKeptAsFlag ? "kept"
                                                                      : nullptr;
    if (!what) return location;
    if (location.size() >= 8 && location.compare(location.size() - 8, 8, "/results") == 0) {
        location = "/a/" + token;
    }
    return location + "?" + what + "=" + element_id;
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
    report::StepInput input{form_value(form, "choice"), form_value(form, "note"), "", ""};
    std::string go = form_value(form, "go");
    // Autosave sends only chosen answers; a page's buttons may also skip or flag the step.
    bool json = wants_json(request);
    auto saved =
        json ? assessments.save_answer(*opened, element_id, input.choice, input.note).map([] {
            return service::StepSaved::kAnswered;
        })
             : assessments.save_step(*opened, element_id, input.choice, input.note, go == "flag");
    if (!saved && saved.error().code == ErrorCode::kNotFound) return site.not_found(request);
    if (!saved) {
        const Error& error = saved.error();
        int status = status_for(error.code);
        // Bad input and a read-only link say what is wrong; anything else asks to try again.
        bool explained =
            error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kForbidden;
        input.error = explained ? message_text(error) : message_text("answer.not-saved");
        input.field = error.field == "note" ? "note" : "choice";  // else: the choice, to retry
        if (json) return json_response(status, {{"saved", false}, {"error", input.error}});
        (void)assessments.load_answers(*opened);  // best effort: the typed input is shown anyway
        return render_private(site, "assessment_step",
                              report::step_model(view_of(*opened), *element, &input), request,
                              status);
    }
    if (json) return json_response(200, {{"saved", true}, {"saved_at", site.now()}});
    Response response = redirect(
        with_notice(next_location(*opened, element_id, go), opened->token, *saved, element_id));
    remember(site, request, response, opened->token);
    return response;
}

// "Clear this answer": the step goes back to not answered (and not flagged).
Response clear_step(const Site& site, const AssessmentService& assessments,
                    const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto opened = assessments.open(token_of(request), false);
    if (!opened) return site.error_response(opened.error(), request);
    const std::string& element_id = request.params.at("element");
    if (auto cleared = assessments.clear_step(*opened, element_id); !cleared) {
        return site.error_response(cleared.error(), request);
    }
    Response response = redirect("/a/" + opened->token + "/e/" + element_id + "?cleared=1");
    remember(site, request, response, opened->token);
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
    auto tokens = remembered_tokens(site, request);
    if (std::find(tokens.begin(), tokens.end(), opened->token) != tokens.end()) {
        tokens.erase(std::remove(tokens.begin(), tokens.end(), opened->token), tokens.end());
        remember_only(site, request, response, tokens);
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
        Method::kPost, "/a/{token}/e/{element}/clear",
        [&s, &a](Request& r) { return clear_step(s, a, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/delete",
        [&s, &a](Request& r) { return delete_assessment(s, a, r); }, kBlocking);
    add_assessment_pages(site, router, assessments, accounts, organizations, results_cache);
    add_your_assessments(site, router, assessments, accounts);
}

}  // namespace cbe::web::handlers
