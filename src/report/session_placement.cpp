#include "report/session_placement.hpp"

#include "report/csv.hpp"
#include "report/detail/json_helpers.hpp"

namespace cbe::report {

namespace json = boost::json;

namespace {

std::string stage_id(const std::optional<size_t>& stage) {
    return stage ? std::string(content::kStageIds[*stage]) : "";
}

json::value stage_value(const std::optional<size_t>& stage) {
    return stage ? json::value(stage_id(stage)) : json::value(nullptr);
}

}  // namespace

std::string decision_label(const content::Roadmap& rm, const PlacementElement& e) {
    if (e.outcome == "agreed" && e.agreed_stage) return rm.stages[*e.agreed_stage].name;
    if (e.outcome == "no-agreement") return "No agreement";
    return "Not decided";
}

// Counts are numbers, not text: a spreadsheet sums them. An element never revealed has empty
// count cells (no data), not zeros.
std::string placement_csv(const SessionPlacement& p) {
    const auto& rm = *p.roadmap;
    std::string out = "position,element_id,element,area,agreed,rationale,dissent";
    for (const auto& stage : rm.stages) out += "," + csv_cell(stage.name);
    out += ",not_sure,not_applicable,no_rating,median,verdict\r\n";
    for (const auto& e : p.elements) {
        out += std::to_string(e.position) + "," + csv_cell(e.element->id) + "," +
               csv_cell(e.element->name) + "," + csv_cell(detail::area_name(rm, e.element->area)) +
               "," + csv_cell(decision_label(rm, e)) + "," + csv_cell(e.rationale) + "," +
               csv_cell(e.dissent);
        if (e.totals) {
            for (size_t n : e.totals->per_stage) out += "," + std::to_string(n);
            out += "," + std::to_string(e.totals->not_sure) + "," +
                   std::to_string(e.totals->not_applicable) + "," +
                   std::to_string(e.totals->no_rating) + "," +
                   csv_cell(e.totals->median_stage ? rm.stages[*e.totals->median_stage].name : "") +
                   "," + csv_cell(assessment::verdict_id(e.totals->verdict));
        } else if (e.withheld) {
            // Too few answered: the counts would be one or two people's ratings.
            out += std::string(content::kStageCount + 4, ',') + ",\"too-few-raters\"";
        } else {
            out += std::string(content::kStageCount + 5, ',');
        }
        out += "\r\n";
    }
    return out;
}

json::object placement_json(const SessionPlacement& p) {
    json::array elements;
    for (const auto& e : p.elements) {
        json::object item{
            {"position", e.position},
            {"element_id", e.element->id},
            {"element", e.element->name},
            {"area", e.element->area},
            {"outcome", e.outcome.empty() ? json::value(nullptr) : json::value(e.outcome)},
            {"agreed_stage", stage_value(e.agreed_stage)},
            {"rationale", e.rationale},
            {"dissent", e.dissent}};
        if (e.totals) {
            json::object per_stage;
            for (size_t i = 0; i < content::kStageCount; ++i) {
                per_stage[content::kStageIds[i]] = e.totals->per_stage[i];
            }
            item["totals"] = json::object{{"per_stage", per_stage},
                                          {"not_sure", e.totals->not_sure},
                                          {"not_applicable", e.totals->not_applicable},
                                          {"no_rating", e.totals->no_rating},
                                          {"median_stage", stage_value(e.totals->median_stage)},
                                          {"verdict", assessment::verdict_id(e.totals->verdict)}};
        } else {
            item["totals"] = nullptr;
        }
        // Revealed with too few answers for totals: null as never revealed, and says why.
        item["totals_withheld"] = e.withheld;
        elements.push_back(std::move(item));
    }
    return {{"organization", p.organization},       {"title", p.title},
            {"school_year", p.school_year},         {"audience", p.audience},
            {"content_version", p.content_version}, {"closed_at", p.closed_at},
            {"participants", p.participants},       {"elements", elements}};
}

}  // namespace cbe::report
