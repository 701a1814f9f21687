// Actions of the self-assessment journey: start, save an answer, delete. Every post checks its
// CSRF token, answers 303 on success, and on a validation error shows the form again with
// what was typed.
#include <boost/json/serialize.hpp>
#include <variant>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "web/forms.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organizations.hpp"
#include "web/handlers/routes.hpp"

namespace cbe::web::handlers {

void add_assessment_pages(Site& site, Router& router);  // assessment_pages.cpp

namespace {

Response start(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form* form = &std::get<Form>(checked);
    std::string audience_id = form_value(*form, "audience");
    std::string label_input = form_value(*form, "label");
    const content::Audience* audience = site.roadmap().audience(audience_id);
    auto label = assessment::validate_label(label_input);
    if (!audience || !label) {
        std::string error =
            !audience ? "Choose the pathway that fits your role." : label.error().message;
        return render_private(site, "assessment_start",
                              report::start_model(site.roadmap(), audience_id, label_input, error),
                              request, 400);
    }
    std::string token = crypto::new_token();
    auto created = site.assessments().create(crypto::token_hash(token), audience->id, *label,
                                             site.roadmap().version, site.now());
    if (!created) return failure_page(site, created.error(), request);
    Response response = redirect("/a/" + token + "/e/" + audience->element_ids.front());
    remember(site, response, token);
    return response;
}

// Where "Save and …" goes after a successful save.
std::string next_location(const LoadedAssessment& a, const std::string& element_id,
                          const std::string& go) {
    const std::string base = "/a/" + a.token;
    const auto& path = a.audience->element_ids;
    size_t index = std::find(path.begin(), path.end(), element_id) - path.begin();
    if (go == "previous" && index > 0) return base + "/e/" + path[index - 1];
    if (go == "overview") return base;
    if (go == "results" || index + 1 >= path.size()) return base + "/results";
    return base + "/e/" + path[index + 1];
}

Response save_answer(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form* form = &std::get<Form>(checked);
    // Earlier answers are not needed to save one; they are read only to show the page again.
    auto loaded = load_assessment(site, request, false);
    if (!loaded) return failure_page(site, loaded.error(), request);
    const std::string& element_id = request.params["element"];
    const content::Element* element = loaded->roadmap->element(element_id);
    report::StepInput input{form_value(*form, "choice"), form_value(*form, "note"), ""};
    auto answer =
        assessment::validate_answer(*loaded->audience, element_id, input.choice, input.note);
    if (!answer && answer.error().code == ErrorCode::kNotFound) return site.not_found(request);
    Result<void> saved =
        answer ? site.assessments().save_answer(loaded->record.id, *answer, site.now())
               : Result<void>(tl::unexpected(answer.error()));
    if (!saved) {
        int status = saved.error().code == ErrorCode::kInvalidInput ? 400 : 503;
        input.error = status == 400 ? saved.error().message
                                    : "We could not save this answer just now. What you entered is "
                                      "still here: try saving again in a moment.";
        if (wants_json(request))
            return json_response(status, {{"saved", false}, {"error", input.error}});
        (void)load_answers(site, *loaded);  // best effort: the typed input is shown either way
        return render_private(site, "assessment_step",
                              report::step_model(loaded->view(), *element, &input), request,
                              status);
    }
    if (wants_json(request)) return json_response(200, {{"saved", true}, {"saved_at", site.now()}});
    Response response = redirect(next_location(*loaded, element_id, form_value(*form, "go")));
    remember(site, response, loaded->token);
    return response;
}

Response delete_assessment(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto loaded = load_assessment(site, request);
    if (!loaded) return failure_page(site, loaded.error(), request);
    if (auto removed = site.assessments().remove(loaded->record.id); !removed) {
        return failure_page(site, removed.error(), request);
    }
    audit_deletion(site, request, loaded->record);
    Response response = redirect("/assessments/deleted");
    if (cookie(request, kResumeCookie) == loaded->token) {
        set_cookie(response, kResumeCookie, "", {0, site.secure_cookies(), true});
    }
    return response;
}

}  // namespace

void add_assessments(Site& site, Router& router) {
    constexpr bool kBlocking = true;
    router.add(
        Method::kPost, "/assessments", [&site](Request& r) { return start(site, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/e/{element}",
        [&site](Request& r) { return save_answer(site, r); }, kBlocking);
    router.add(
        Method::kPost, "/a/{token}/delete",
        [&site](Request& r) { return delete_assessment(site, r); }, kBlocking);
    add_assessment_pages(site, router);
}

}  // namespace cbe::web::handlers
