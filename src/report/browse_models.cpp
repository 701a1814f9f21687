// View models for the two browsable lists, examples and resources: their filters show, on
// every option, how many items choosing it would give (the other filters kept), and leave out
// the options that would give none, so a filter never leads to an empty page.
#include <algorithm>
#include <functional>

#include "report/detail/json_helpers.hpp"
#include "report/page_models.hpp"

namespace cbe::report {

using namespace detail;

namespace {

using Choices = std::vector<std::pair<std::string, std::string>>;

// The options of one filter: each counted by `count(value)`; an option counting zero is left
// out unless it is the one chosen (so the form still shows what was asked). `any` is the
// count with this filter cleared, for the "Any …" option.
json::object facet(const Choices& choices, const std::string& selected,
                   const std::function<size_t(const std::string&)>& count) {
    json::array options;
    for (const auto& [value, label] : choices) {
        size_t n = count(value);
        if (n == 0 && value != selected) continue;
        options.push_back(json::object{
            {"value", value}, {"label", label}, {"count", n}, {"selected", value == selected}});
    }
    return {{"options", options}, {"any", count("")}};
}

Choices area_choices(const Roadmap& roadmap) {
    Choices out;
    for (const auto& a : roadmap.areas) out.emplace_back(a.id, a.name);
    return out;
}

// Elements grouped by area, in the roadmap's order.
Choices element_choices(const Roadmap& roadmap) {
    Choices out;
    for (const auto& area : roadmap.areas) {
        for (const auto& id : area.element_ids) out.emplace_back(id, roadmap.element(id)->name);
    }
    return out;
}

Choices stage_choices(const Roadmap& roadmap) {
    Choices out;
    for (const auto& s : roadmap.stages) out.emplace_back(s.id, s.name);
    return out;
}

// The states that some example is in, by name, then the national ones.
Choices state_choices(const Roadmap& roadmap) {
    std::vector<std::string> used;
    for (const auto& e : roadmap.examples) {
        for (auto& id : states_in(e.place)) used.push_back(std::move(id));
    }
    Choices out;
    for (const auto& [id, name] : us_states()) {
        if (std::find(used.begin(), used.end(), id) != used.end()) out.emplace_back(id, name);
    }
    out.emplace_back(kNationalPlace, "United States (national or several states)");
    return out;
}

json::object example_filters(const Roadmap& roadmap, const ExampleQuery& q) {
    // Each example's states, read from its place once rather than for every count.
    std::vector<std::vector<std::string>> states;
    for (const auto& e : roadmap.examples) states.push_back(states_in(e.place));
    auto counter = [&](std::string ExampleQuery::*field) {
        return [&roadmap, &states, q, field](const std::string& value) {
            ExampleQuery changed = q;
            changed.*field = value;
            std::string state = std::move(changed.state);
            changed.state.clear();
            size_t n = 0;
            for (size_t i = 0; i < roadmap.examples.size(); ++i) {
                bool in_state = state.empty() || std::find(states[i].begin(), states[i].end(),
                                                           state) != states[i].end();
                if (in_state && example_matches(roadmap, roadmap.examples[i], changed)) ++n;
            }
            return n;
        };
    };
    return {
        {"states", facet(state_choices(roadmap), q.state, counter(&ExampleQuery::state))},
        {"areas", facet(area_choices(roadmap), q.area, counter(&ExampleQuery::area))},
        {"elements", facet(element_choices(roadmap), q.element, counter(&ExampleQuery::element))},
        {"stages", facet(stage_choices(roadmap), q.stage, counter(&ExampleQuery::stage))}};
}

json::object resource_filters(const Roadmap& roadmap, const ResourceQuery& q) {
    Choices audiences, types, collections;
    for (const auto& a : roadmap.audiences) audiences.emplace_back(a.id, a.name);
    for (auto t : content::kResourceTypes) {
        std::string label(t);
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        types.emplace_back(std::string(t), label);
    }
    for (const auto& c : roadmap.collections) collections.emplace_back(c.id, c.name);
    // The search words narrow every count alike: match them once.
    ResourceQuery words_only;
    words_only.text = q.text;
    const auto pool = filter_resources(roadmap, words_only);
    auto counter = [&](std::string ResourceQuery::*field) {
        return [&roadmap, &pool, q, field](const std::string& value) {
            ResourceQuery changed = q;
            changed.text.clear();
            changed.*field = value;
            return static_cast<size_t>(std::count_if(pool.begin(), pool.end(), [&](auto* r) {
                return resource_matches(roadmap, *r, changed);
            }));
        };
    };
    return {
        {"areas", facet(area_choices(roadmap), q.area, counter(&ResourceQuery::area))},
        {"elements", facet(element_choices(roadmap), q.element, counter(&ResourceQuery::element))},
        {"stages", facet(stage_choices(roadmap), q.stage, counter(&ResourceQuery::stage))},
        {"audiences", facet(audiences, q.audience, counter(&ResourceQuery::audience))},
        {"types", facet(types, q.type, counter(&ResourceQuery::type))},
        {"collections", facet(collections, q.collection, counter(&ResourceQuery::collection))},
        {"text", q.text}};
}

}  // namespace

json::object examples_model(const Roadmap& roadmap, const ExampleQuery& query) {
    json::array examples;
    for (const auto* e : filter_examples(roadmap, query)) {
        json::object summary = example_summary(roadmap, *e);
        // The template separates the elements it lists; the last one needs no separator.
        auto& elements = summary["elements"].as_array();
        if (!elements.empty()) elements.back().as_object()["last"] = true;
        examples.push_back(std::move(summary));
    }
    return {{"title", "Examples from the field"},
            {"page", "examples"},
            {"filters", example_filters(roadmap, query)},
            {"examples", examples},
            {"count", examples.size()},
            {"total", roadmap.examples.size()},
            {"filtered", !query.empty()}};
}

json::object resources_model(const Roadmap& roadmap, const ResourceQuery& query) {
    json::array results, collections;
    for (const auto* r : filter_resources(roadmap, query))
        results.push_back(resource_summary(roadmap, *r));
    json::object model{{"title", "Resources"},
                       {"page", "resources"},
                       {"filters", resource_filters(roadmap, query)},
                       {"results", results},
                       {"count", results.size()},
                       {"total", roadmap.resources.size()},
                       {"filtered", !query.empty()}};
    for (const auto& c : roadmap.collections) {
        json::object collection{{"id", c.id},
                                {"name", c.name},
                                {"description_html", c.description_html},
                                {"count", c.resource_ids.size()}};
        // A collection's own view opens with its name and what it is for.
        if (c.id == query.collection) {
            model["title"] = c.name + " · Resources";
            model["collection"] = collection;
        }
        collections.push_back(std::move(collection));
    }
    model["collections"] = std::move(collections);
    return model;
}

}  // namespace cbe::report
