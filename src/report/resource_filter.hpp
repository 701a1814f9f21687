// Filtering and text search over the resources, for the resources pathway.
#pragma once

#include <string>
#include <vector>

#include "content/model.hpp"

namespace cbe::report {

struct ResourceQuery {
    std::string area;
    std::string element;
    std::string stage;
    std::string audience;
    std::string type;
    std::string collection;
    std::string text;  // words that must all appear in the title, publisher or summary

    bool empty() const;
};

constexpr size_t kMaxQueryChars = 200;

// Whether `resource` passes every filter of `query`.
bool resource_matches(const content::Roadmap& roadmap, const content::Resource& resource,
                      const ResourceQuery& query);
// The resources matching every filter given, in the roadmap's order (by title).
std::vector<const content::Resource*> filter_resources(const content::Roadmap& roadmap,
                                                       const ResourceQuery& query);

}  // namespace cbe::report
