#include "report/comparison_model.hpp"

#include <algorithm>
#include <cstdlib>

namespace cbe::report {

namespace json = boost::json;
using assessment::Movement;
using assessment::Standing;

namespace {

// One placement's standing, as flags for the template's words (components/compare_side).
json::object side_model(const assessment::Side& side, const content::Roadmap& stages_from,
                        const content::Roadmap& own) {
    json::object out{{"kind", assessment::standing_id(side.standing)},
                     {"stage", side.stage ? stages_from.stages[*side.stage].name : ""},
                     {"has_stage", side.stage.has_value()},
                     {"version", own.version}};
    out["not_sure"] = side.standing == Standing::kNotSure;
    out["not_applicable"] = side.standing == Standing::kNotApplicable;
    out["no_agreement"] = side.standing == Standing::kNoAgreement;
    out["unanswered"] = side.standing == Standing::kUnanswered;
    out["not_included"] = side.standing == Standing::kNotIncluded;
    out["not_in_version"] = side.standing == Standing::kNotInVersion;
    return out;
}

json::object movement_model(Movement movement, int steps) {
    int size = std::abs(steps);
    return {{"id", assessment::movement_id(movement)},
            {"up", movement == Movement::kUp},
            {"down", movement == Movement::kDown},
            {"same", movement == Movement::kSame},
            {"not_comparable", movement == Movement::kNotComparable},
            {"steps", size},
            {"one_step", size == 1}};
}

// Where the chart draws a row: grid columns 1-4 are the stages; the span joins the two marks.
json::object chart_model(const std::optional<size_t>& then, const std::optional<size_t>& now) {
    json::object out{{"then_at", then ? *then + 1 : 0},
                     {"now_at", now ? *now + 1 : 0},
                     {"has_then", then.has_value()},
                     {"has_now", now.has_value()},
                     {"has_span", then && now && *then != *now}};
    if (then && now) {
        out["from"] = std::min(*then, *now) + 1;
        out["to"] = std::max(*then, *now) + 1;
        out["length"] = std::max(*then, *now) - std::min(*then, *now) + 1;  // in stages
    }
    return out;
}

json::object counts(size_t up, size_t down, size_t same, size_t other) {
    return {{"up", up},
            {"down", down},
            {"same", same},
            {"not_comparable", other},
            {"has_not_comparable", other > 0}};
}

}  // namespace

json::object comparison_model(const assessment::Comparison& c, const content::Roadmap& then_rm,
                              const content::Roadmap& now_rm) {
    json::array areas;
    for (const auto& area : c.areas) {
        json::array elements;
        for (const auto& e : c.elements) {
            if (e.area_id != area.area_id) continue;
            json::object row{{"id", e.element_id},
                             {"name", e.element ? e.element->name : e.element_id},
                             {"linked", e.now.standing != Standing::kNotInVersion},
                             {"then", side_model(e.then, now_rm, then_rm)},
                             {"now", side_model(e.now, now_rm, now_rm)},
                             {"movement", movement_model(e.movement, e.steps)},
                             {"chart", chart_model(e.then.stage, e.now.stage)}};
            elements.push_back(std::move(row));
        }
        int steps =
            area.then && area.now ? static_cast<int>(*area.now) - static_cast<int>(*area.then) : 0;
        areas.push_back(
            json::object{{"id", area.area_id},
                         {"name", area.area ? area.area->name : area.area_id},
                         {"then", area.then ? now_rm.stages[*area.then].name : ""},
                         {"has_then", area.then.has_value()},
                         {"now", area.now ? now_rm.stages[*area.now].name : ""},
                         {"has_now", area.now.has_value()},
                         {"movement", movement_model(area.movement, steps)},
                         {"chart", chart_model(area.then, area.now)},
                         {"counts", counts(area.up, area.down, area.same, area.not_comparable)},
                         {"elements", elements}});
    }
    json::array stages;
    for (const auto& stage : now_rm.stages) stages.push_back(json::object{{"name", stage.name}});
    return {{"areas", areas},
            {"stages", stages},
            {"totals", counts(c.up, c.down, c.same, c.not_comparable)},
            {"versions_differ", c.versions_differ},
            {"then_version", then_rm.version},
            {"now_version", now_rm.version}};
}

}  // namespace cbe::report
