// View models for starting, walking and reviewing a self-assessment.
#include "report/assessment_models.hpp"

#include "assessment/profile.hpp"
#include "report/dates.hpp"
#include "report/detail/json_helpers.hpp"
#include "report/results.hpp"

namespace cbe::report {

using namespace detail;

namespace {

const assessment::Answer* answer_for(const AssessmentView& v, const std::string& element_id) {
    return assessment::find_answer(*v.answers, element_id);
}

}  // namespace

json::object page_header(const AssessmentView& v, const std::string& title) {
    return {{"title", title},
            {"page", "assessment"},
            {"token", v.token},
            {"base", v.base.empty() ? "/a/" + v.token : v.base},
            {"editable", !v.token.empty()},
            {"label", v.label},
            {"audience", json::object{{"id", v.audience->id}, {"name", v.audience->name}}},
            {"content_version", v.content_version},
            {"updated_at", readable_date(v.updated_at)}};
}

json::object start_model(const content::Roadmap& roadmap, const std::string& audience_id,
                         const std::string& label, const std::string& error) {
    json::array audiences;
    for (const auto& a : roadmap.audiences) {
        audiences.push_back(json::object{{"id", a.id},
                                         {"name", a.name},
                                         {"who", a.who},
                                         {"count", a.element_ids.size()},
                                         {"checked", a.id == audience_id}});
    }
    return {{"title", "Place your system on the roadmap"},
            {"page", "assessment"},
            {"audiences", audiences},
            {"label", label},
            {"error", error},
            {"has_error", !error.empty()}};
}

json::object overview_model(const AssessmentView& v) {
    json::object model = page_header(v, "Your assessment");
    json::array steps;
    size_t answered = 0;
    std::string first_open;
    for (size_t i = 0; i < v.audience->element_ids.size(); ++i) {
        const std::string& id = v.audience->element_ids[i];
        const auto* element = v.roadmap->element(id);
        const auto* answer = answer_for(v, id);
        answered += answer ? 1 : 0;
        if (!answer && first_open.empty()) first_open = id;
        steps.push_back(json::object{{"number", i + 1},
                                     {"id", id},
                                     {"name", element ? element->name : id},
                                     {"answer", answer_label(*v.roadmap, answer)},
                                     {"answered", answer != nullptr}});
    }
    model["steps"] = steps;
    model["answered"] = answered;
    model["total"] = steps.size();
    model["complete"] = answered == steps.size();
    model["continue_id"] = first_open.empty() ? v.audience->element_ids.front() : first_open;
    return model;
}

json::object step_model(const AssessmentView& v, const content::Element& element,
                        const StepInput* input) {
    const auto& path = v.audience->element_ids;
    size_t index = std::find(path.begin(), path.end(), element.id) - path.begin();
    const auto* saved = answer_for(v, element.id);
    std::string chosen = input ? input->choice : saved ? saved->choice.id() : "";
    std::string note = input ? input->note : saved ? saved->note : "";
    json::array stages;
    for (size_t i = 0; i < content::kStageCount; ++i) {
        const auto& stage = v.roadmap->stages[i];
        stages.push_back(json::object{{"id", stage.id},
                                      {"name", stage.name},
                                      {"number", i + 1},
                                      {"descriptor_html", element.stages[i].descriptor_html},
                                      {"indicators", strings(element.stages[i].indicators)},
                                      {"checked", chosen == stage.id}});
    }
    json::object model = page_header(v, element.name + " — step " + std::to_string(index + 1));
    auto q = element.questions.find(v.audience->id);
    model["element"] = json::object{{"id", element.id},
                                    {"name", element.name},
                                    {"why", element.why},
                                    {"area_name", area_name(*v.roadmap, element.area)}};
    model["questions"] = q == element.questions.end() ? json::array() : strings(q->second);
    model["stages"] = stages;
    model["not_sure"] = chosen == "not-sure";
    model["not_applicable"] = chosen == "not-applicable";
    model["note"] = note;
    model["number"] = index + 1;
    model["total"] = path.size();
    model["has_previous"] = index > 0;
    model["has_next"] = index + 1 < path.size();
    model["saved"] = saved != nullptr;
    model["error"] = input ? input->error : "";
    model["has_error"] = input && !input->error.empty();
    return model;
}

json::object delete_model(const AssessmentView& v) {
    json::object model = page_header(v, "Delete this assessment");
    model["answered"] = v.answers->size();
    return model;
}

}  // namespace cbe::report
