#include "report/resource_filter.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace cbe::report {

namespace {

bool has(const std::vector<std::string>& values, const std::string& wanted) {
    return std::find(values.begin(), values.end(), wanted) != values.end();
}

bool in_area(const content::Roadmap& roadmap, const content::Resource& resource,
             const std::string& area) {
    return std::any_of(resource.element_ids.begin(), resource.element_ids.end(),
                       [&](const std::string& id) {
                           const auto* element = roadmap.element(id);
                           return element && element->area == area;
                       });
}

bool matches_text(const content::Resource& resource, const std::string& text) {
    for (auto word : text::split(text, ' ')) {
        word = text::trim(word);
        if (word.empty()) continue;
        if (!text::contains_ci(resource.title, word) &&
            !text::contains_ci(resource.publisher, word) &&
            !text::contains_ci(resource.summary_text, word)) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool ResourceQuery::empty() const {
    return area.empty() && element.empty() && stage.empty() && audience.empty() && type.empty() &&
           collection.empty() && text.empty();
}

bool resource_matches(const content::Roadmap& roadmap, const content::Resource& resource,
                      const ResourceQuery& query) {
    if (!query.area.empty() && !in_area(roadmap, resource, query.area)) return false;
    if (!query.element.empty() && !has(resource.element_ids, query.element)) return false;
    if (!query.stage.empty() && !has(resource.stage_ids, query.stage)) return false;
    if (!query.audience.empty() && !has(resource.audience_ids, query.audience)) return false;
    if (!query.type.empty() && resource.type != query.type) return false;
    if (!query.collection.empty()) {
        const auto it = std::find_if(roadmap.collections.begin(), roadmap.collections.end(),
                                     [&](const auto& c) { return c.id == query.collection; });
        if (it == roadmap.collections.end() || !has(it->resource_ids, resource.id)) return false;
    }
    return matches_text(resource, query.text);
}

std::vector<const content::Resource*> filter_resources(const content::Roadmap& roadmap,
                                                       const ResourceQuery& query) {
    std::vector<const content::Resource*> out;
    for (const auto& resource : roadmap.resources) {
        if (resource_matches(roadmap, resource, query)) out.push_back(&resource);
    }
    return out;
}

}  // namespace cbe::report
