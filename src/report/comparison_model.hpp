// The compare page's view of two placements (assessment/comparison.hpp): per area and per
// element, each side's standing and the movement, with the chart's positions. Words live in the
// templates; this gives them flags and content names.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "assessment/comparison.hpp"
#include "content/model.hpp"

namespace cbe::report {

// `then_roadmap` and `now_roadmap`: the content versions the two placements were made with.
// Stage names come from `now_roadmap`.
boost::json::object comparison_model(const assessment::Comparison& comparison,
                                     const content::Roadmap& then_roadmap,
                                     const content::Roadmap& now_roadmap);

}  // namespace cbe::report
