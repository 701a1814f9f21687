// View models for starting, walking and reviewing a self-assessment.
#include "report/assessment_models.hpp"

#include <algorithm>

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

const assessment::Flag* flag_for(const AssessmentView& v, const std::string& element_id) {
    return v.flags ? assessment::find_flag(*v.flags, element_id) : nullptr;
}

// How many of the pathway's elements in `area_id` are answered, out of how many: "5 of 8
// answered in Technology". Flagged steps are not answered.
json::object area_progress(const AssessmentView& v, const content::Area& area) {
    size_t total = 0, answered = 0;
    for (const auto& id : v.audience->element_ids) {
        const auto* element = v.roadmap->element(id);
        if (!element || element->area != area.id) continue;
        ++total;
        answered += answer_for(v, id) ? 1 : 0;
    }
    return {{"id", area.id}, {"name", area.name}, {"answered", answered}, {"total", total}};
}

size_t answered_count(const AssessmentView& v) {
    size_t answered = 0;
    for (const auto& id : v.audience->element_ids) answered += answer_for(v, id) ? 1 : 0;
    return answered;
}

size_t examples_of(const content::Roadmap& roadmap, const std::string& element_id) {
    size_t n = 0;
    for (const auto& example : roadmap.examples) {
        for (const auto& shown : example.illustrates) {
            if (shown.element_id == element_id) {
                ++n;
                break;
            }
        }
    }
    return n;
}

}  // namespace

std::string display_name(const std::string& label, const content::Audience* audience,
                         const std::string& created_at) {
    if (!label.empty()) return label;
    std::string pathway = audience ? audience->name : "Self-";
    return pathway + (audience ? " assessment" : "assessment") +
           (created_at.empty() ? "" : ", " + readable_date(created_at));
}

json::object page_header(const AssessmentView& v, const std::string& title) {
    return {{"title", title},
            {"page", "assessment"},
            {"token", v.token},
            {"base", v.base.empty() ? "/a/" + v.token : v.base},
            {"editable", !v.token.empty() && !v.read_only && !v.sample},
            {"read_only", v.read_only},
            {"has_saved", !v.updated_at.empty()},
            {"sample", v.sample},
            {"label", v.label},
            {"name", display_name(v.label, v.audience, v.created_at)},
            {"organization_name", v.organization_name},
            {"held", !v.organization_name.empty()},
            {"organization_path", v.organization_path},
            {"in_organization", !v.organization_path.empty()},
            {"audience", json::object{{"id", v.audience->id}, {"name", v.audience->name}}},
            {"content_version", v.content_version},
            {"school_year", v.school_year},
            {"has_school_year", !v.school_year.empty()},
            {"year_typed", v.school_year},  // the school-year form's value (what was typed)
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
    json::object model =
        page_header(v, "Your assessment: " + display_name(v.label, v.audience, v.created_at));
    json::array steps, flagged, open;
    size_t answered = 0;
    std::string first_open;
    for (size_t i = 0; i < v.audience->element_ids.size(); ++i) {
        const std::string& id = v.audience->element_ids[i];
        const auto* element = v.roadmap->element(id);
        const auto* answer = answer_for(v, id);
        const auto* flag = answer ? nullptr : flag_for(v, id);
        answered += answer ? 1 : 0;
        if (!answer && first_open.empty()) first_open = id;
        json::object step{{"number", i + 1},
                          {"id", id},
                          {"name", element ? element->name : id},
                          {"answer", answer_label(*v.roadmap, answer)},
                          {"answered", answer != nullptr},
                          {"flagged", flag != nullptr},
                          {"note", flag ? flag->note : ""}};
        if (flag) flagged.push_back(step);
        if (!answer && !flag) open.push_back(step);
        steps.push_back(std::move(step));
    }
    // Progress per area, and the steps to come back to: flagged, then not answered yet.
    // Areas in the order the pathway reaches them.
    json::array areas;
    std::vector<std::string> seen;
    for (const auto& id : v.audience->element_ids) {
        const auto* element = v.roadmap->element(id);
        if (!element || std::find(seen.begin(), seen.end(), element->area) != seen.end()) continue;
        seen.push_back(element->area);
        if (const auto* area = v.roadmap->area(element->area)) {
            areas.push_back(area_progress(v, *area));
        }
    }
    model["areas"] = areas;
    model["has_flagged"] = !flagged.empty();
    model["flagged_steps"] = flagged;
    model["has_open"] = !open.empty();
    model["open_steps"] = open;
    model["steps"] = steps;
    model["answered"] = answered;
    model["total"] = steps.size();
    model["complete"] = answered == steps.size();
    model["continue_id"] = first_open.empty() ? v.audience->element_ids.front() : first_open;
    return model;
}

json::object step_model(const AssessmentView& v, const content::Element& element,
                        const StepInput* input, const std::string& notice) {
    const auto& path = v.audience->element_ids;
    size_t index = std::find(path.begin(), path.end(), element.id) - path.begin();
    const auto* saved = answer_for(v, element.id);
    const auto* flag = saved ? nullptr : flag_for(v, element.id);
    std::string chosen = input ? input->choice : saved ? saved->choice.id() : "";
    std::string note = input ? input->note : saved ? saved->note : flag ? flag->note : "";
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
    model["flagged"] = flag != nullptr;
    model["can_clear"] = saved != nullptr || flag != nullptr;
    if (const auto* area = v.roadmap->area(element.area)) {
        model["area_progress"] = area_progress(v, *area);
    }
    model["answered"] = answered_count(v);
    size_t examples = examples_of(*v.roadmap, element.id);
    model["examples"] = examples;
    model["has_examples"] = examples > 0;
    model["one_example"] = examples == 1;
    model["notice"] = notice;
    model["has_notice"] = !notice.empty();
    bool has_error = input && !input->error.empty();
    model["error"] = input ? input->error : "";
    model["has_error"] = has_error;
    bool note_error = has_error && input->field == "note";
    model["note_error"] = note_error;
    model["choice_error"] = has_error && !note_error;
    // The error summary's link goes to the field to fix: the note, or the first choice.
    model["error_target"] = note_error ? "note" : "choice-" + std::string(content::kStageIds[0]);
    return model;
}

json::object delete_model(const AssessmentView& v) {
    json::object model = page_header(v, "Delete this assessment");
    model["answered"] = v.answers->size();
    return model;
}

}  // namespace cbe::report
