// Excel workbooks (.xlsx) of a self-assessment's results, a team session's agreed placement and
// an action plan: one sheet each, a heading (what it is, the organization, the school year, the
// date), then one row per element or action with typed cells (numbers, real dates). Text people
// typed is defused like the CSV exports' (report/csv.hpp). docs/assessment.md, "Exports".
#pragma once

#include <string>
#include <vector>

#include "report/results.hpp"
#include "report/session_placement.hpp"

namespace cbe::report {

// One row per element of the pathway: area, element, answer, stage number, next stage, note,
// step, element id; the heading names the organization and school year when the view has them.
// Throws std::runtime_error when the workbook cannot be written (as do the two below).
std::string results_xlsx(const Results& results);

// One row per element discussed: area, element, agreed stage, next stage, rationale, dissent,
// then the group's totals (count per stage, not sure, not applicable, no rating, counted), the
// median and the verdict. Aggregates only: `placement` holds no one's own rating.
std::string placement_xlsx(const SessionPlacement& placement);

// An action plan as the plan pages show it, already in words: the plan module fills it.
struct PlanAction {
    std::string element;       // the element's name
    std::string area;          // its area's name
    std::string description;   // the action
    std::string owner;         // a member's name or a name typed in; empty: nobody yet
    std::string due_date;      // "2027-03-31"; empty: none. Written as a date cell.
    std::string target_stage;  // the stage's name; empty: none
    std::string status;        // "Not started", "In progress", "Done", "Blocked"
    std::string notes;
};

struct PlanSheet {
    std::string title;                    // e.g. "Action plan: Spring review"
    std::string organization;             // empty: none
    std::string school_year;              // "2026-27"; empty: not given
    std::string updated_at;               // ISO 8601: the plan's last change, the heading's date
    std::vector<std::string> priorities;  // element names, in the plan's order
    std::vector<PlanAction> actions;      // in the plan's order
};

// One row per action: element, area, action, owner, due date, target stage, status, notes.
std::string plan_xlsx(const PlanSheet& plan);

// The media type of every workbook above.
inline constexpr const char* kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace cbe::report
