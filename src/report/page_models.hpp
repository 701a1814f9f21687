// View models for the public pages, as JSON values: the HTML views render them and a JSON API
// can serve them unchanged, so the two never drift.
#pragma once

#include <boost/json/object.hpp>

#include "content/model.hpp"
#include "report/resource_filter.hpp"

namespace cbe::report {

namespace json = boost::json;
using content::Roadmap;

json::object home_model(const Roadmap& roadmap);
json::object pathway_model(const Roadmap& roadmap, const content::Audience& audience);
// The areas × stages matrix; `audience` narrows it to that pathway's elements (may be null).
json::object matrix_model(const Roadmap& roadmap, const content::Audience* audience);
json::object element_model(const Roadmap& roadmap, const content::Element& element);
json::object mini_model(const Roadmap& roadmap);
json::object examples_model(const Roadmap& roadmap);
json::object example_model(const Roadmap& roadmap, const content::Example& example);
json::object resources_model(const Roadmap& roadmap, const ResourceQuery& query);
json::object resource_model(const Roadmap& roadmap, const content::Resource& resource);
json::object glossary_model(const Roadmap& roadmap);
json::object guide_model(const Roadmap& roadmap);
json::object about_model(const Roadmap& roadmap);

}  // namespace cbe::report
