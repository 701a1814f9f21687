// View models for the public pages, as JSON values: the HTML views render them and a JSON API
// can serve them unchanged, so the two never drift.
#pragma once

#include <boost/json/object.hpp>

#include "content/model.hpp"
#include "report/example_filter.hpp"
#include "report/resource_filter.hpp"

namespace cbe::report {

namespace json = boost::json;
using content::Roadmap;

// How long placing a system on `audience`'s pathway takes, in minutes, rounded to 5: from the
// words a step asks people to read (see page_models_roadmap.cpp for the reasoning).
struct TimeEstimate {
    int low = 0;   // reading each stage's description, then choosing
    int high = 0;  // reading the indicators too, and writing a few notes
};
TimeEstimate time_estimate(const Roadmap& roadmap, const content::Audience& audience);

json::object home_model(const Roadmap& roadmap);
json::object pathway_model(const Roadmap& roadmap, const content::Audience& audience);
// The areas × stages matrix; `audience` narrows it to that pathway's elements (may be null).
json::object matrix_model(const Roadmap& roadmap, const content::Audience* audience);
json::object element_model(const Roadmap& roadmap, const content::Element& element);
json::object mini_model(const Roadmap& roadmap);
// The lists with their filters, each option counted (browse_models.cpp).
json::object examples_model(const Roadmap& roadmap, const ExampleQuery& query);
json::object example_model(const Roadmap& roadmap, const content::Example& example);
json::object resources_model(const Roadmap& roadmap, const ResourceQuery& query);
json::object resource_model(const Roadmap& roadmap, const content::Resource& resource);
json::object glossary_model(const Roadmap& roadmap);
json::object guide_model(const Roadmap& roadmap);
json::object about_model(const Roadmap& roadmap);

}  // namespace cbe::report
