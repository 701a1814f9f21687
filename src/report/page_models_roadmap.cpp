// View models for the roadmap itself: home, pathways, the matrix, elements, the Mini.
#include <algorithm>
#include <cmath>

#include "report/detail/json_helpers.hpp"
#include "report/page_models.hpp"

namespace cbe::report {

using namespace detail;

namespace {

size_t word_count(std::string_view text) {
    size_t words = 0;
    bool in_word = false, in_tag = false;
    for (char c : text) {
        if (c == '<') in_tag = true;
        bool space = in_tag || c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (c == '>') in_tag = false;
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

int round_to_five(double minutes) {
    return std::max(5, static_cast<int>(std::lround(minutes / 5)) * 5);
}

}  // namespace

// The estimate comes from the content, so it follows any edit. Each step shows four stages,
// each with a description (about 55 words in the bundled content) and indicators (about 55 more).
// People read such text at about 240 words a minute (Brysbaert 2019, silent reading of
// non-fiction), and choosing a stage takes about half a minute more. Quick readers read the
// descriptions only; careful ones read the indicators too and spend another half minute on a
// note. For the bundled district pathway (22 elements) that is about 30 and 65 minutes.
TimeEstimate time_estimate(const Roadmap& roadmap, const content::Audience& audience) {
    constexpr double kWordsPerMinute = 240, kChoosing = 0.5, kNote = 0.5;
    double descriptions = 0, indicators = 0, steps = 0;
    for (const auto& id : audience.element_ids) {
        const auto* element = roadmap.element(id);
        if (!element) continue;
        ++steps;
        for (const auto& stage : element->stages) {
            descriptions += static_cast<double>(word_count(stage.descriptor_html));
            for (const auto& i : stage.indicators) indicators += static_cast<double>(word_count(i));
        }
    }
    double low = descriptions / kWordsPerMinute + steps * kChoosing;
    double high = low + indicators / kWordsPerMinute + steps * kNote;
    return {round_to_five(low), round_to_five(high)};
}

json::object home_model(const Roadmap& roadmap) {
    json::array stages, areas, audiences, collections;
    for (const auto& s : roadmap.stages) {
        stages.push_back(
            json::object{{"id", s.id}, {"name", s.name}, {"summary_html", s.summary_html}});
    }
    for (const auto& a : roadmap.areas) {
        areas.push_back(json::object{{"id", a.id},
                                     {"name", a.name},
                                     {"purpose", a.purpose},
                                     {"summary_html", a.summary_html},
                                     {"count", a.element_ids.size()}});
    }
    for (const auto& a : roadmap.audiences) {
        auto minutes = time_estimate(roadmap, a);
        audiences.push_back(json::object{{"id", a.id},
                                         {"name", a.name},
                                         {"who", a.who},
                                         {"count", a.element_ids.size()},
                                         {"minutes_low", minutes.low},
                                         {"minutes_high", minutes.high}});
    }
    for (const auto& c : roadmap.collections) {
        collections.push_back(json::object{{"id", c.id},
                                           {"name", c.name},
                                           {"description_html", c.description_html},
                                           {"count", c.resource_ids.size()}});
    }
    return {{"title", roadmap.title},
            {"page", "home"},
            {"stages", stages},
            {"areas", areas},
            {"audiences", audiences},
            {"collections", collections},
            {"element_count", roadmap.elements.size()},
            {"resource_count", roadmap.resources.size()},
            {"example_count", roadmap.examples.size()}};
}

json::object pathway_model(const Roadmap& roadmap, const content::Audience& audience) {
    json::array steps;
    int number = 1;
    for (const auto& id : audience.element_ids) {
        const auto* element = roadmap.element(id);
        if (!element) continue;
        json::object step = element_link(roadmap, id);
        step["number"] = number++;
        step["why"] = element->why;
        auto q = element->questions.find(audience.id);
        step["questions"] = q == element->questions.end() ? json::array() : strings(q->second);
        steps.push_back(std::move(step));
    }
    auto minutes = time_estimate(roadmap, audience);
    return {{"title", audience.name + " pathway"},
            {"page", "pathways"},
            {"minutes_low", minutes.low},
            {"minutes_high", minutes.high},
            {"audience", json::object{{"id", audience.id},
                                      {"name", audience.name},
                                      {"who", audience.who},
                                      {"framing_html", audience.framing_html}}},
            {"steps", steps},
            {"step_count", steps.size()}};
}

json::object matrix_model(const Roadmap& roadmap, const content::Audience* audience) {
    json::array areas, audiences;
    for (const auto& area : roadmap.areas) {
        json::array elements;
        for (const auto& id : area.element_ids) {
            if (audience && std::find(audience->element_ids.begin(), audience->element_ids.end(),
                                      id) == audience->element_ids.end()) {
                continue;
            }
            const auto* element = roadmap.element(id);
            json::array cells;
            for (size_t i = 0; i < content::kStageCount; ++i) {
                cells.push_back(json::object{{"stage", roadmap.stages[i].name},
                                             {"mini", element->stages[i].mini}});
            }
            elements.push_back(json::object{{"id", id}, {"name", element->name}, {"cells", cells}});
        }
        if (elements.empty()) continue;
        areas.push_back(json::object{{"id", area.id},
                                     {"name", area.name},
                                     {"purpose", area.purpose},
                                     {"elements", elements}});
    }
    for (const auto& a : roadmap.audiences) {
        audiences.push_back(json::object{
            {"id", a.id}, {"name", a.name}, {"selected", audience && audience->id == a.id}});
    }
    json::object model{{"title", "The roadmap"}, {"page", "roadmap"},
                       {"areas", areas},         {"stages", stage_headers(roadmap)},
                       {"audiences", audiences}, {"filtered", audience != nullptr}};
    if (audience) model["audience_name"] = audience->name;
    return model;
}

namespace {

json::array element_stages(const Roadmap& roadmap, const content::Element& element) {
    json::array stages;
    for (size_t i = 0; i < content::kStageCount; ++i) {
        json::object stage{{"id", roadmap.stages[i].id},
                           {"name", roadmap.stages[i].name},
                           {"number", i + 1},
                           {"descriptor_html", element.stages[i].descriptor_html},
                           {"indicators", strings(element.stages[i].indicators)}};
        if (i + 1 < content::kStageCount) {
            stage["next"] = json::object{{"name", roadmap.stages[i + 1].name},
                                         {"moves", strings(element.moves[i])}};
        }
        stages.push_back(std::move(stage));
    }
    return stages;
}

json::array element_neighbours(const Roadmap& roadmap, const content::Element& element) {
    const auto* area = roadmap.area(element.area);
    json::array out;
    if (!area) return out;
    auto& ids = area->element_ids;
    auto it = std::find(ids.begin(), ids.end(), element.id);
    if (it == ids.end()) return out;
    if (it != ids.begin()) {
        json::object prev = element_link(roadmap, *(it - 1));
        prev["rel"] = "Previous";
        out.push_back(std::move(prev));
    }
    if (it + 1 != ids.end()) {
        json::object next = element_link(roadmap, *(it + 1));
        next["rel"] = "Next";
        out.push_back(std::move(next));
    }
    return out;
}

}  // namespace

json::object element_model(const Roadmap& roadmap, const content::Element& element) {
    json::array questions, examples, resources;
    for (const auto& audience : roadmap.audiences) {
        auto q = element.questions.find(audience.id);
        if (q == element.questions.end()) continue;
        questions.push_back(
            json::object{{"audience", audience.name}, {"questions", strings(q->second)}});
    }
    for (const auto& example : roadmap.examples) {
        for (const auto& ill : example.illustrates) {
            if (ill.element_id != element.id) continue;
            examples.push_back(json::object{{"id", example.id},
                                            {"name", example.name},
                                            {"place", example.place},
                                            {"years", example.years},
                                            {"stages", stage_list(roadmap, ill.stage_ids)}});
        }
    }
    for (const auto& r : roadmap.resources) {
        if (std::find(r.element_ids.begin(), r.element_ids.end(), element.id) !=
            r.element_ids.end()) {
            resources.push_back(resource_summary(roadmap, r));
        }
    }
    return {{"title", element.name},
            {"page", "roadmap"},
            {"element", json::object{{"id", element.id},
                                     {"name", element.name},
                                     {"why", element.why},
                                     {"area_id", element.area},
                                     {"area_name", area_name(roadmap, element.area)}}},
            {"stages", element_stages(roadmap, element)},
            {"questions", questions},
            {"examples", examples},
            {"resources", resources},
            {"neighbours", element_neighbours(roadmap, element)}};
}

json::object mini_model(const Roadmap& roadmap) {
    json::object model = matrix_model(roadmap, nullptr);
    model["title"] = "Roadmap Mini";
    model["page"] = "mini";
    model["version"] = roadmap.version;
    return model;
}

}  // namespace cbe::report
