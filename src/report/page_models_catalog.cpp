// View models for an example, a resource, the glossary, the facilitator's guide and about.
#include <algorithm>

#include "report/detail/json_helpers.hpp"
#include "report/page_models.hpp"

namespace cbe::report {

using namespace detail;

json::object example_model(const Roadmap& roadmap, const content::Example& example) {
    json::object summary = example_summary(roadmap, example);
    summary["summary_html"] = example.summary_html;
    json::array sources;
    for (const auto& s : example.sources) {
        sources.push_back(json::object{{"title", s.title}, {"url", s.url}});
    }
    summary["sources"] = sources;
    return {{"title", example.name}, {"page", "examples"}, {"example", summary}};
}

json::object resource_model(const Roadmap& roadmap, const content::Resource& resource) {
    json::object summary = resource_summary(roadmap, resource);
    json::array elements, collections;
    for (const auto& id : resource.element_ids) elements.push_back(element_link(roadmap, id));
    for (const auto& c : roadmap.collections) {
        if (std::find(c.resource_ids.begin(), c.resource_ids.end(), resource.id) !=
            c.resource_ids.end()) {
            collections.push_back(json::object{{"id", c.id}, {"name", c.name}});
        }
    }
    summary["elements"] = elements;
    summary["collections"] = collections;
    return {{"title", resource.title}, {"page", "resources"}, {"resource", summary}};
}

json::object glossary_model(const Roadmap& roadmap) {
    json::array terms;
    for (const auto& t : roadmap.glossary) {
        terms.push_back(
            json::object{{"id", t.id}, {"term", t.term}, {"definition_html", t.definition_html}});
    }
    return {{"title", "Glossary"}, {"page", "glossary"}, {"terms", terms}};
}

json::object guide_model(const Roadmap& roadmap) {
    const auto& g = roadmap.guide;
    json::array roles, agendas, scripts;
    for (const auto& r : g.roles)
        roles.push_back(json::object{{"name", r.name}, {"description", r.description}});
    for (const auto& a : g.agendas) {
        json::array items;
        int start = 0;
        for (const auto& item : a.items) {
            items.push_back(json::object{{"start", start},
                                         {"minutes", item.minutes},
                                         {"activity", item.activity},
                                         {"notes", item.notes}});
            start += item.minutes;
        }
        agendas.push_back(
            json::object{{"id", a.id}, {"name", a.name}, {"items", items}, {"total", start}});
    }
    for (const auto& s : g.scripts) {
        scripts.push_back(
            json::object{{"id", s.id}, {"title", s.title}, {"body_html", s.body_html}});
    }
    return {{"title", "Facilitator's guide"},
            {"page", "guide"},
            {"purpose_html", g.purpose_html},
            {"invite_html", g.invite_html},
            {"roles", roles},
            {"materials", strings(g.materials)},
            {"agendas", agendas},
            {"scripts", scripts},
            {"norms", strings(g.norms)},
            {"follow_up_html", g.follow_up_html}};
}

json::object about_model(const Roadmap& roadmap) {
    return {{"title", "About"},
            {"page", "about"},
            {"version", roadmap.version},
            {"element_count", roadmap.elements.size()},
            {"example_count", roadmap.examples.size()},
            {"resource_count", roadmap.resources.size()},
            {"term_count", roadmap.glossary.size()}};
}

}  // namespace cbe::report
