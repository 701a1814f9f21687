// The results of a self-assessment: the profile, the summary, next steps, and the exports.
// Rules: docs/assessment.md.
#include <sstream>
#include <string_view>

#include "assessment/profile.hpp"
#include "report/assessment_models.hpp"
#include "report/detail/json_helpers.hpp"

namespace cbe::report {

using namespace detail;

namespace {

std::string answer_text(const content::Roadmap& rm, const assessment::Answer* a) {
    if (!a) return "";
    if (a->choice.is_stage()) return rm.stages[a->choice.stage].name;
    return a->choice.kind == assessment::ChoiceKind::kNotSure ? "Not sure" : "Not applicable";
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
                             {"answer", a ? answer_text(rm, a) : "Not answered"},
                             {"placed", a && a->choice.is_stage()},
                             {"level", a && a->choice.is_stage() ? a->choice.stage + 1 : 0},
                             {"cells", cells},
                             {"note", a ? a->note : ""}});
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

std::string summary_text(const content::Roadmap& rm, const assessment::Profile& p) {
    std::ostringstream out;
    out << "You answered " << p.answered << " of " << p.total << " elements and placed " << p.placed
        << " of them on the roadmap.";
    if (p.typical_stage) {
        out << " Across those, the typical stage is " << rm.stages[*p.typical_stage].name << ".";
    }
    for (const auto& ap : p.areas) {
        if (ap.typical_stage) {
            out << " " << ap.area->name << ": typically " << rm.stages[*ap.typical_stage].name
                << " (" << ap.placed << " placed).";
        }
    }
    if (!p.not_sure.empty()) {
        out << " " << p.not_sure.size() << " answer" << (p.not_sure.size() == 1 ? " was" : "s were")
            << " \"not sure\": conversations to have.";
    }
    return out.str();
}

}  // namespace

json::object results_model(const AssessmentView& v) {
    const auto& rm = *v.roadmap;
    auto profile = assessment::build_profile(rm, *v.audience, *v.answers);
    auto steps = assessment::next_steps(rm, *v.audience, *v.answers);
    json::object model = page_header(v, "Your results");
    model["summary"] = summary_text(rm, profile);
    model["stages"] = stage_headers(rm);
    model["areas"] = profile_areas(rm, profile);
    model["next_steps"] = next_step_models(rm, steps);
    model["not_sure"] = conversations(rm, *v.audience, profile.not_sure);
    model["unanswered_count"] = profile.unanswered.size();
    model["has_unanswered"] = !profile.unanswered.empty();
    model["answered"] = profile.answered;
    model["total"] = profile.total;
    return model;
}

namespace {

// Characters that end a field or a row for some spreadsheet import: the comma, the semicolon
// that locales with a decimal comma use instead, tab, and the line breaks (an importer that does
// not honour quotes splits on all of them).
constexpr std::string_view kCsvSeparators = ",;\t\r\n";
// A field beginning with one of these is run as a formula (OWASP "CSV injection").
constexpr std::string_view kFormulaStarts = "=+-@\t\r";

// A text cell, always quoted (RFC 4180). Every part of it that some importer could take as a
// field of its own (its start, and whatever follows a separator) is defused when it would begin
// a formula, with an apostrophe, which spreadsheets read as "this is text".
std::string csv_cell(std::string_view value) {
    std::string out = "\"";
    bool part_starts = true;
    for (char c : value) {
        if (part_starts && kFormulaStarts.find(c) != std::string_view::npos) out += '\'';
        if (c == '"') out += '"';
        out += c;
        part_starts = kCsvSeparators.find(c) != std::string_view::npos;
    }
    return out + "\"";
}

}  // namespace

std::string results_csv(const AssessmentView& v) {
    const auto& rm = *v.roadmap;
    std::string out = "step,element_id,element,area,answer,next_stage,note\r\n";
    for (size_t i = 0; i < v.audience->element_ids.size(); ++i) {
        const std::string& id = v.audience->element_ids[i];
        const auto* element = rm.element(id);
        const assessment::Answer* a = nullptr;
        for (const auto& x : *v.answers) a = x.element_id == id ? &x : a;
        std::string next;
        if (a && a->choice.is_stage() && a->choice.stage + 1 < content::kStageCount) {
            next = rm.stages[a->choice.stage + 1].name;
        }
        out += std::to_string(i + 1) + "," + csv_cell(id) + "," + csv_cell(element->name) + "," +
               csv_cell(area_name(rm, element->area)) + "," + csv_cell(answer_text(rm, a)) + "," +
               csv_cell(next) + "," + csv_cell(a ? a->note : "") + "\r\n";
    }
    return out;
}

json::object results_json(const AssessmentView& v) {
    const auto& rm = *v.roadmap;
    auto profile = assessment::build_profile(rm, *v.audience, *v.answers);
    json::array answers;
    for (const auto& id : v.audience->element_ids) {
        const assessment::Answer* a = nullptr;
        for (const auto& x : *v.answers) a = x.element_id == id ? &x : a;
        json::object item{{"element_id", id},
                          {"element", rm.element(id)->name},
                          {"answer", a ? a->choice.id() : ""},
                          {"note", a ? a->note : ""}};
        if (!a) item["answer"] = nullptr;
        answers.push_back(std::move(item));
    }
    json::object areas;
    for (const auto& ap : profile.areas) {
        areas[ap.area->id] = ap.typical_stage
                                 ? json::value(std::string(content::kStageIds[*ap.typical_stage]))
                                 : json::value(nullptr);
    }
    return {
        {"label", v.label},
        {"audience", v.audience->id},
        {"content_version", v.content_version},
        {"created_at", v.created_at},
        {"updated_at", v.updated_at},
        {"answered", profile.answered},
        {"total", profile.total},
        {"typical_stage", profile.typical_stage
                              ? json::value(std::string(content::kStageIds[*profile.typical_stage]))
                              : json::value(nullptr)},
        {"typical_stage_by_area", areas},
        {"answers", answers}};
}

}  // namespace cbe::report
