// The results of a self-assessment: the profile, the summary, next steps, and the exports, all
// rendered from one build_results(). Rules: docs/assessment.md.
#include <string_view>

#include "assessment/profile.hpp"
#include "report/csv.hpp"
#include "report/detail/json_helpers.hpp"
#include "report/results.hpp"

namespace cbe::report {

using namespace detail;

namespace {

// A note worth a "Your note:" label: one with something besides spaces and line breaks in it.
bool has_words(const std::string& note) {
    return note.find_first_not_of(" \t\r\n") != std::string::npos;
}

json::array profile_areas(const content::Roadmap& rm, const assessment::Profile& profile) {
    json::array areas;
    for (const auto& ap : profile.areas) {
        json::array elements;
        for (const auto& er : ap.elements) {
            json::array cells;
            const auto* a = er.answer;
            for (size_t i = 0; i < content::kStageCount; ++i) {
                bool here = a && a->choice.is_stage() && a->choice.stage == i;
                cells.push_back(json::object{{"stage", rm.stages[i].name}, {"here", here}});
            }
            elements.push_back(
                json::object{{"id", er.element->id},
                             {"name", er.element->name},
                             {"answer", answer_label(rm, a)},
                             // "stage", "not-sure", "not-applicable" or "none": for the chart's
                             // marks, which must not depend on the words.
                             {"kind", !a                     ? "none"
                                      : a->choice.is_stage() ? "stage"
                                                             : a->choice.id()},
                             {"placed", a && a->choice.is_stage()},
                             {"level", a && a->choice.is_stage() ? a->choice.stage + 1 : 0},
                             {"cells", cells},
                             {"note", a ? a->note : ""},
                             {"has_note", a && has_words(a->note)}});
        }
        areas.push_back(
            json::object{{"id", ap.area->id},
                         {"name", ap.area->name},
                         {"elements", elements},
                         {"placed", ap.placed},
                         {"typical", ap.typical_stage ? rm.stages[*ap.typical_stage].name : ""},
                         {"has_typical", ap.typical_stage.has_value()}});
    }
    return areas;
}

json::array conversations(const content::Roadmap& rm, const content::Audience& audience,
                          const std::vector<assessment::ElementResult>& items) {
    json::array out;
    for (const auto& er : items) {
        auto q = er.element->questions.find(audience.id);
        json::object item = element_link(rm, er.element->id);
        item["questions"] = q == er.element->questions.end() ? json::array() : strings(q->second);
        item["note"] = er.answer ? er.answer->note : "";
        item["has_note"] = er.answer && has_words(er.answer->note);
        out.push_back(std::move(item));
    }
    return out;
}

json::array next_step_models(const content::Roadmap& rm,
                             const std::vector<assessment::NextStep>& steps) {
    json::array out;
    for (const auto& step : steps) {
        json::object item = element_link(rm, step.element->id);
        item["stage"] = rm.stages[step.stage].name;
        item["has_next"] = step.next_stage.has_value();
        if (step.next_stage) {
            item["next_stage"] = rm.stages[*step.next_stage].name;
            item["next_descriptor_html"] = step.element->stages[*step.next_stage].descriptor_html;
            item["moves"] = strings(*step.moves);
        }
        json::array examples, resources;
        for (const auto* e : step.examples) {
            examples.push_back(json::object{{"id", e->id}, {"name", e->name}, {"place", e->place}});
        }
        for (const auto* r : step.resources) resources.push_back(resource_summary(rm, *r));
        item["examples"] = examples;
        item["resources"] = resources;
        out.push_back(std::move(item));
    }
    return out;
}

std::vector<Message> summary_of(const content::Roadmap& rm, const assessment::Profile& p) {
    std::vector<Message> out;
    out.push_back({"results.summary.answered",
                   static_cast<long long>(p.placed),
                   {{"answered", std::to_string(p.answered)}, {"total", std::to_string(p.total)}}});
    if (p.typical_stage) {
        out.push_back(
            {"results.summary.typical", 0, {{"stage", rm.stages[*p.typical_stage].name}}});
    }
    for (const auto& ap : p.areas) {
        if (!ap.typical_stage) continue;
        out.push_back({"results.summary.area",
                       static_cast<long long>(ap.placed),
                       {{"area", ap.area->name}, {"stage", rm.stages[*ap.typical_stage].name}}});
    }
    if (!p.not_sure.empty()) {
        out.push_back({"results.summary.not-sure", static_cast<long long>(p.not_sure.size()), {}});
    }
    return out;
}

}  // namespace

namespace {

std::string choice_words(const content::Roadmap& rm, const assessment::Choice& choice) {
    switch (choice.kind) {
        case assessment::ChoiceKind::kStage:
            return rm.stages[choice.stage].name;
        case assessment::ChoiceKind::kNotSure:
            return "Not sure";
        case assessment::ChoiceKind::kNotApplicable:
            return "Not applicable";
    }
    return "";
}

}  // namespace

std::string answer_label(const content::Roadmap& rm, const assessment::Answer* answer) {
    return answer ? choice_words(rm, answer->choice) : "Not answered yet";
}

std::string choice_label(const content::Roadmap& rm, std::string_view choice_id) {
    auto choice = assessment::Choice::parse(choice_id);
    return choice ? choice_words(rm, *choice) : std::string(choice_id);
}

Results build_results(const AssessmentView& v) {
    const auto& rm = *v.roadmap;
    Results r;
    r.view = &v;
    r.profile = assessment::build_profile(rm, *v.audience, *v.answers);
    r.next_steps = assessment::next_steps(rm, *v.audience, *v.answers);
    r.summary = summary_of(rm, r.profile);
    r.elements.reserve(v.audience->element_ids.size());
    for (const auto& id : v.audience->element_ids) {
        ElementOutcome e;
        e.step = r.elements.size() + 1;
        e.element = rm.element(id);
        e.answer = assessment::find_answer(*v.answers, id);
        if (e.answer && e.answer->choice.is_stage()) {
            e.stage = e.answer->choice.stage;
            if (*e.stage + 1 < content::kStageCount) e.next_stage = *e.stage + 1;
        }
        r.elements.push_back(e);
    }
    return r;
}

json::object results_model(const Results& r) {
    const auto& v = *r.view;
    const auto& rm = *v.roadmap;
    // Through the organization it is one of many: called by its name. By its link, it is yours.
    std::string name = display_name(v.label, v.audience, v.created_at);
    json::object model = page_header(v, v.sample          ? "Sample results: " + name
                                        : v.token.empty() ? name
                                                          : "Your results: " + name);
    model["stages"] = stage_headers(rm);
    model["areas"] = profile_areas(rm, r.profile);
    model["next_steps"] = next_step_models(rm, r.next_steps);
    model["not_sure"] = conversations(rm, *v.audience, r.profile.not_sure);
    model["unanswered_count"] = r.profile.unanswered.size();
    model["has_unanswered"] = !r.profile.unanswered.empty();
    model["answered"] = r.profile.answered;
    model["total"] = r.profile.total;
    // What a note is called beside an answer; a team's placement calls its notes otherwise.
    model["note_label"] = "Your note";
    model["has_typical_stage"] = r.profile.typical_stage.has_value();
    return model;
}

// An unanswered element's answer cell is empty: a spreadsheet reads it as "no data".
std::string results_csv(const Results& r) {
    const auto& rm = *r.view->roadmap;
    std::string out = "step,element_id,element,area,answer,next_stage,note\r\n";
    for (const auto& e : r.elements) {
        std::string next = e.next_stage ? rm.stages[*e.next_stage].name : "";
        out += std::to_string(e.step) + "," + csv_cell(e.element->id) + "," +
               csv_cell(e.element->name) + "," + csv_cell(area_name(rm, e.element->area)) + "," +
               csv_cell(e.answer ? answer_label(rm, e.answer) : "") + "," + csv_cell(next) + "," +
               csv_cell(e.answer ? e.answer->note : "") + "\r\n";
    }
    return out;
}

json::object results_json(const Results& r) {
    const auto& v = *r.view;
    const auto& profile = r.profile;
    auto stage_id = [](const std::optional<size_t>& stage) {
        return stage ? json::value(std::string(content::kStageIds[*stage])) : json::value(nullptr);
    };
    json::array answers;
    for (const auto& e : r.elements) {
        answers.push_back(json::object{
            {"element_id", e.element->id},
            {"element", e.element->name},
            {"area", e.element->area},
            {"answer", e.answer ? json::value(e.answer->choice.id()) : json::value(nullptr)},
            {"stage", stage_id(e.stage)},
            {"next_stage", stage_id(e.next_stage)},
            {"note", e.answer ? e.answer->note : ""}});
    }
    json::object areas;
    for (const auto& ap : profile.areas) areas[ap.area->id] = stage_id(ap.typical_stage);
    return {{"label", v.label},
            {"audience", v.audience->id},
            {"content_version", v.content_version},
            {"created_at", v.created_at},
            {"updated_at", v.updated_at},
            {"answered", profile.answered},
            {"total", profile.total},
            {"placed", profile.placed},
            {"typical_stage", stage_id(profile.typical_stage)},
            {"typical_stage_by_area", areas},
            {"answers", answers}};
}

}  // namespace cbe::report
