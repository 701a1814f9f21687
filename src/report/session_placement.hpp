// A closed team session's agreed placement as typed data, for its exports (CSV, JSON, XLSX):
// per element the group's totals, the verdict and what was agreed. It holds aggregates only —
// never a participant's own rating (docs/team-sessions.md, "Privacy").
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assessment/consensus.hpp"
#include "content/model.hpp"

namespace cbe::report {

struct PlacementElement {
    int position = 0;  // 1-based order of discussion
    const content::Element* element = nullptr;
    std::optional<assessment::Consensus> totals;  // once revealed
    std::string outcome;                          // "", "agreed" or "no-agreement"
    std::optional<size_t> agreed_stage;           // when agreed
    std::string rationale;
    std::string dissent;
    // Revealed, but too few answered for totals to be shown (assessment::may_show): no totals.
    bool withheld = false;
};

struct SessionPlacement {
    const content::Roadmap* roadmap = nullptr;
    std::string organization;
    std::string title;
    std::string school_year;
    std::string audience;  // the pathway's id
    std::string content_version;
    std::string closed_at;  // ISO 8601
    size_t participants = 0;
    std::vector<PlacementElement> elements;  // in the order discussed
};

// One row per element: position, element, area, outcome, agreed stage, rationale, dissent, then
// the counts per stage, not sure, not applicable, no rating, the median and the verdict.
std::string placement_csv(const SessionPlacement& placement);
// What the team decided for an element: the agreed stage's name, "No agreement" or "Not decided".
std::string decision_label(const content::Roadmap& roadmap, const PlacementElement& element);
boost::json::object placement_json(const SessionPlacement& placement);

}  // namespace cbe::report
