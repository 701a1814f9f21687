// The action plan page's view model (plans.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "service/plan_service.hpp"
#include "web/http.hpp"

namespace cbe::web::handlers {

// Where a placement's pages live, and how the plan service reaches it: under an assessment's
// private link, an organization's assessment or a closed team session (plans.cpp, shares.cpp).
struct PlacementPlace {
    service::PlanRef ref;
    std::string base;           // "/a/<token>", "/orgs/<id>/assessments/<id>" or "/sessions/<id>"
    std::string results;        // its results page
    bool needs_account = true;  // all but the private link
};
PlacementPlace placement_place(const Request& request, service::PlanRef::Kind kind);

// What a refused form had typed, shown again with the error.
struct PlanForm {
    bool priorities_typed = false;
    std::vector<std::string> priorities;
    service::ActionInput action;
    long long action_id = 0;  // 0: the "add an action" form
};

boost::json::object plan_model(const service::PlanPage& plan, const std::string& base,
                               const std::string& results, const PlanForm* typed);

// The report for the board: one or two printed pages (docs/plans.md, "The report").
boost::json::object report_model(const service::PlanPage& plan, const std::string& base,
                                 const std::string& results);
// The report's page margins (organization, school year, date) as a stylesheet: CSS margin
// boxes take their text from `content`, and the CSP allows no inline style.
std::string report_margins_css(const service::PlanPage& plan);
// The plan as a workbook (report::plan_xlsx), as a download.
Response plan_workbook(const service::PlanPage& plan);
// That stylesheet as a response: private, never cached.
Response report_stylesheet(const service::PlanPage& plan);

}  // namespace cbe::web::handlers
