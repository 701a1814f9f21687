#include "report/results_xlsx.hpp"

#include "report/dates.hpp"
#include "report/detail/json_helpers.hpp"
#include "report/detail/xlsx_sheet.hpp"

namespace cbe::report {

namespace {

using detail::Cell;
using detail::Column;
using detail::HeadingLine;

Cell text(std::string value) { return Cell{std::move(value)}; }
Cell number(size_t value) { return Cell{static_cast<double>(value)}; }
Cell date(std::string_view iso) {
    auto day = calendar_date(iso);
    return day ? Cell{*day} : Cell{std::string(iso)};
}
Cell stage_cell(const content::Roadmap& rm, const std::optional<size_t>& stage) {
    return stage ? text(rm.stages[*stage].name) : Cell{};
}

// The organization and school year lines, when there is something to say.
void add_context(std::vector<HeadingLine>& heading, const std::string& organization,
                 const std::string& school_year) {
    if (!organization.empty()) heading.push_back({"Organization", organization});
    if (!school_year.empty()) heading.push_back({"School year", school_year});
}

std::string pathway_name(const content::Roadmap& rm, const std::string& audience_id) {
    const auto* audience = rm.audience(audience_id);
    return audience ? audience->name : audience_id;
}

std::string verdict_label(assessment::Verdict verdict) {
    switch (verdict) {
        case assessment::Verdict::kAgreement:
            return "Agreement";
        case assessment::Verdict::kDisagreement:
            return "Disagreement";
        case assessment::Verdict::kNeither:
            return "Neither: spread out, not split";
        case assessment::Verdict::kTooFew:
            return "Too few stage ratings to judge";
    }
    return "";
}

std::vector<Cell> placement_row(const content::Roadmap& rm, const PlacementElement& e) {
    std::optional<size_t> next;
    if (e.agreed_stage && *e.agreed_stage + 1 < content::kStageCount) next = *e.agreed_stage + 1;
    std::vector<Cell> row{text(detail::area_name(rm, e.element->area)),
                          text(e.element->name),
                          text(decision_label(rm, e)),
                          stage_cell(rm, next),
                          text(e.rationale),
                          text(e.dissent)};
    if (e.totals) {
        for (size_t n : e.totals->per_stage) row.push_back(number(n));
        row.push_back(number(e.totals->not_sure));
        row.push_back(number(e.totals->not_applicable));
        row.push_back(number(e.totals->no_rating));
        row.push_back(number(e.totals->total()));
        row.push_back(stage_cell(rm, e.totals->median_stage));
        row.push_back(text(verdict_label(e.totals->verdict)));
    } else {
        // Never revealed, or too few answered to show: no counts (empty cells are "no data",
        // zeros would be a claim).
        row.resize(row.size() + content::kStageCount + 5);
        row.push_back(text(e.withheld ? "Too few answered to show totals" : "Not revealed"));
    }
    row.push_back(number(static_cast<size_t>(e.position)));
    row.push_back(text(e.element->id));
    return row;
}

}  // namespace

std::string results_xlsx(const Results& results) {
    const auto& v = *results.view;
    const auto& rm = *v.roadmap;
    detail::Sheet sheet;
    sheet.name = "Results";
    sheet.title =
        v.label.empty() ? "Self-assessment results" : "Self-assessment results: " + v.label;
    add_context(sheet.heading, v.organization_name, v.school_year);
    sheet.heading.push_back({"Pathway", v.audience->name});
    if (results.profile.typical_stage) {
        sheet.heading.push_back({"Typical stage", rm.stages[*results.profile.typical_stage].name +
                                                      " (the middle of the stages chosen; with an "
                                                      "even count, the lower of the two middle "
                                                      "ones)"});
    }
    sheet.heading.push_back({"Content version", v.content_version});
    sheet.heading.push_back({"Last saved", date(v.updated_at)});
    sheet.columns = {{"Area", 24},       {"Element", 34},    {"Answer", 16, true},
                     {"Stage (1-4)", 8}, {"Next stage", 14}, {"Note", 60, true},
                     {"Step", 6},        {"Element ID", 24}};
    for (const auto& e : results.elements) {
        sheet.rows.push_back({text(detail::area_name(rm, e.element->area)), text(e.element->name),
                              e.answer ? text(answer_label(rm, e.answer)) : Cell{},
                              e.stage ? number(*e.stage + 1) : Cell{}, stage_cell(rm, e.next_stage),
                              text(e.answer ? e.answer->note : ""), number(e.step),
                              text(e.element->id)});
    }
    return detail::write_xlsx(sheet);
}

std::string placement_xlsx(const SessionPlacement& p) {
    const auto& rm = *p.roadmap;
    detail::Sheet sheet;
    sheet.name = "Agreed placement";
    sheet.title = "Agreed placement: " + p.title;
    add_context(sheet.heading, p.organization, p.school_year);
    sheet.heading.push_back({"Pathway", pathway_name(rm, p.audience)});
    sheet.heading.push_back({"Content version", p.content_version});
    sheet.heading.push_back({"Participants", number(p.participants)});
    sheet.heading.push_back({"Closed", date(p.closed_at)});
    sheet.heading.push_back(
        {"Counts", "The group's totals per element; no one's own rating is in this sheet."});
    sheet.columns = {{"Area", 24},       {"Element", 34},         {"Agreed stage", 14, true},
                     {"Next stage", 14}, {"Rationale", 40, true}, {"Dissent", 40, true}};
    for (const auto& stage : rm.stages) sheet.columns.push_back({stage.name, 10, true});
    for (const char* count : {"Not sure", "Not applicable", "No rating", "Counted"}) {
        sheet.columns.push_back({count, 10, true});
    }
    sheet.columns.push_back({"Median stage", 14, true});
    sheet.columns.push_back({"Verdict", 22, true});
    sheet.columns.push_back({"Position", 8});
    sheet.columns.push_back({"Element ID", 24});
    for (const auto& e : p.elements) sheet.rows.push_back(placement_row(rm, e));
    return detail::write_xlsx(sheet);
}

std::string plan_xlsx(const PlanSheet& plan) {
    detail::Sheet sheet;
    sheet.name = "Action plan";
    sheet.title = plan.title;
    add_context(sheet.heading, plan.organization, plan.school_year);
    if (!plan.priorities.empty()) {
        std::string names;
        for (const auto& name : plan.priorities) names += (names.empty() ? "" : "; ") + name;
        sheet.heading.push_back({"Priorities", names});
    }
    sheet.heading.push_back({"Last changed", date(plan.updated_at)});
    sheet.columns = {{"Element", 30, true}, {"Area", 22, true}, {"Action", 50, true},
                     {"Owner", 22, true},   {"Due date", 18},   {"Target stage", 14},
                     {"Status", 14},        {"Notes", 50, true}};
    for (const auto& a : plan.actions) {
        sheet.rows.push_back({text(a.element), text(a.area), text(a.description), text(a.owner),
                              a.due_date.empty() ? Cell{} : date(a.due_date), text(a.target_stage),
                              text(a.status), text(a.notes)});
    }
    return detail::write_xlsx(sheet);
}

}  // namespace cbe::report
