// Filtering the examples from the field by state, area, element and stage.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/model.hpp"

namespace cbe::report {

struct ExampleQuery {
    std::string state;  // a state's id ("new-hampshire"), or kNationalPlace
    std::string area;
    std::string element;
    std::string stage;

    bool empty() const;
};

// The place of an example that names no state: national, or several countries.
inline constexpr std::string_view kNationalPlace = "national";

// Every state (and the District of Columbia) as {id, name}, by name.
const std::vector<std::pair<std::string, std::string>>& us_states();
// The ids of the states an example's place names, in order ("Philadelphia and Allentown,
// Pennsylvania" → {"pennsylvania"}); {kNationalPlace} when it names none.
std::vector<std::string> states_in(std::string_view place);

// Whether `example` passes every filter. Area, element and stage must hold for one and the same
// illustration: "Scaling in Interoperability" means an example that shows interoperability at
// the scaling stage, not one that shows it at entry and something else at scaling.
bool example_matches(const content::Roadmap& roadmap, const content::Example& example,
                     const ExampleQuery& query);
std::vector<const content::Example*> filter_examples(const content::Roadmap& roadmap,
                                                     const ExampleQuery& query);

}  // namespace cbe::report
