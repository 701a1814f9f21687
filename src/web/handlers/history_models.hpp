// Year over year as view models: an organization's placements grouped by school year (its page)
// and the compare page (the picker, the chart and the tables). Internal to web/handlers.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "content/model.hpp"
#include "service/history_service.hpp"
#include "service/placement_history.hpp"

namespace cbe::web::handlers {

// [{year, stated, placements: [...]}], newest school year first.
boost::json::array placements_by_year(const content::Roadmap& roadmap, long long organization_id,
                                      const std::vector<service::PlacementSummary>& placements);

// The compare page without its error words (the handler adds them from the message table).
boost::json::object compare_page_model(const content::Roadmap& roadmap,
                                       const service::ComparisonPage& page);

}  // namespace cbe::web::handlers
