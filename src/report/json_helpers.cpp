#include "report/detail/json_helpers.hpp"

#include <algorithm>

namespace cbe::report::detail {

std::string stage_name(const content::Roadmap& roadmap, const std::string& id) {
    for (const auto& stage : roadmap.stages) {
        if (stage.id == id) return stage.name;
    }
    return id;
}

std::string audience_name(const content::Roadmap& roadmap, const std::string& id) {
    const auto* audience = roadmap.audience(id);
    return audience ? audience->name : id;
}

std::string area_name(const content::Roadmap& roadmap, const std::string& id) {
    const auto* area = roadmap.area(id);
    return area ? area->name : id;
}

std::string stage_list(const content::Roadmap& roadmap, const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& stage : roadmap.stages) {
        if (std::find(ids.begin(), ids.end(), stage.id) == ids.end()) continue;
        out += (out.empty() ? "" : ", ") + stage.name;
    }
    return out;
}

json::object element_link(const content::Roadmap& roadmap, const std::string& id) {
    const auto* element = roadmap.element(id);
    return {{"id", id},
            {"name", element ? element->name : id},
            {"area_name", element ? area_name(roadmap, element->area) : ""}};
}

json::object resource_summary(const content::Roadmap& roadmap, const content::Resource& r) {
    json::array audiences;
    for (const auto& id : r.audience_ids) audiences.emplace_back(audience_name(roadmap, id));
    return {{"id", r.id},
            {"title", r.title},
            {"publisher", r.publisher},
            {"year", r.year},
            {"type", r.type},
            {"url", r.url},
            {"summary_html", r.summary_html},
            {"stages", stage_list(roadmap, r.stage_ids)},
            {"audiences", audiences}};
}

json::object example_summary(const content::Roadmap& roadmap, const content::Example& e) {
    json::array elements;
    for (const auto& ill : e.illustrates) {
        json::object link = element_link(roadmap, ill.element_id);
        link["stages"] = stage_list(roadmap, ill.stage_ids);
        elements.push_back(std::move(link));
    }
    return {{"id", e.id},       {"name", e.name},   {"kind", e.kind},
            {"place", e.place}, {"years", e.years}, {"elements", elements}};
}

json::array stage_headers(const content::Roadmap& roadmap) {
    json::array out;
    for (const auto& stage : roadmap.stages)
        out.push_back(json::object{{"id", stage.id}, {"name", stage.name}});
    return out;
}

}  // namespace cbe::report::detail
