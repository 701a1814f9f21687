// Small builders shared by the view-model files.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "content/model.hpp"

namespace cbe::report::detail {

namespace json = boost::json;

inline json::array strings(const std::vector<std::string>& values) {
    json::array out;
    for (const auto& v : values) out.emplace_back(v);
    return out;
}

std::string stage_name(const content::Roadmap& roadmap, const std::string& id);
std::string audience_name(const content::Roadmap& roadmap, const std::string& id);
std::string area_name(const content::Roadmap& roadmap, const std::string& id);
// "Entry, Scaling" from stage ids, in roadmap order.
std::string stage_list(const content::Roadmap& roadmap, const std::vector<std::string>& ids);
json::object element_link(const content::Roadmap& roadmap, const std::string& id);
json::object resource_summary(const content::Roadmap& roadmap, const content::Resource& resource);
json::object example_summary(const content::Roadmap& roadmap, const content::Example& example);
json::array stage_headers(const content::Roadmap& roadmap);

}  // namespace cbe::report::detail
