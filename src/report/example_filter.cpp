#include "report/example_filter.hpp"

#include <algorithm>

namespace cbe::report {

namespace {

// The names as written in places, with one other way of writing the capital district.
constexpr std::pair<std::string_view, std::string_view> kStateNames[] = {
    {"alabama", "Alabama"},
    {"alaska", "Alaska"},
    {"arizona", "Arizona"},
    {"arkansas", "Arkansas"},
    {"california", "California"},
    {"colorado", "Colorado"},
    {"connecticut", "Connecticut"},
    {"delaware", "Delaware"},
    {"district-of-columbia", "District of Columbia"},
    {"florida", "Florida"},
    {"georgia", "Georgia"},
    {"hawaii", "Hawaii"},
    {"idaho", "Idaho"},
    {"illinois", "Illinois"},
    {"indiana", "Indiana"},
    {"iowa", "Iowa"},
    {"kansas", "Kansas"},
    {"kentucky", "Kentucky"},
    {"louisiana", "Louisiana"},
    {"maine", "Maine"},
    {"maryland", "Maryland"},
    {"massachusetts", "Massachusetts"},
    {"michigan", "Michigan"},
    {"minnesota", "Minnesota"},
    {"mississippi", "Mississippi"},
    {"missouri", "Missouri"},
    {"montana", "Montana"},
    {"nebraska", "Nebraska"},
    {"nevada", "Nevada"},
    {"new-hampshire", "New Hampshire"},
    {"new-jersey", "New Jersey"},
    {"new-mexico", "New Mexico"},
    {"new-york", "New York"},
    {"north-carolina", "North Carolina"},
    {"north-dakota", "North Dakota"},
    {"ohio", "Ohio"},
    {"oklahoma", "Oklahoma"},
    {"oregon", "Oregon"},
    {"pennsylvania", "Pennsylvania"},
    {"rhode-island", "Rhode Island"},
    {"south-carolina", "South Carolina"},
    {"south-dakota", "South Dakota"},
    {"tennessee", "Tennessee"},
    {"texas", "Texas"},
    {"utah", "Utah"},
    {"vermont", "Vermont"},
    {"virginia", "Virginia"},
    {"washington", "Washington"},
    {"west-virginia", "West Virginia"},
    {"wisconsin", "Wisconsin"},
    {"wyoming", "Wyoming"},
};
constexpr std::pair<std::string_view, std::string_view> kOtherSpellings[] = {
    {"district-of-columbia", "Washington, D.C."},
    {"district-of-columbia", "Washington, DC"},
};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Where `name` occurs in `place` as whole words, not inside another name ("Kansas" in
// "Arkansas"); npos when it does not.
size_t find_word(std::string_view place, std::string_view name, size_t from = 0) {
    for (size_t at = place.find(name, from); at != std::string_view::npos;
         at = place.find(name, at + 1)) {
        size_t end = at + name.size();
        bool starts = at == 0 || !is_letter(place[at - 1]);
        bool ends = end == place.size() || !is_letter(place[end]);
        if (starts && ends) return at;
    }
    return std::string_view::npos;
}

bool has(const std::vector<std::string>& values, const std::string& wanted) {
    return std::find(values.begin(), values.end(), wanted) != values.end();
}

}  // namespace

bool ExampleQuery::empty() const {
    return state.empty() && area.empty() && element.empty() && stage.empty();
}

const std::vector<std::pair<std::string, std::string>>& us_states() {
    static const auto states = [] {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [id, name] : kStateNames) out.emplace_back(id, name);
        return out;
    }();
    return states;
}

std::vector<std::string> states_in(std::string_view place) {
    // Longer names first, and each stretch of the place used once, so "West Virginia" is not
    // also Virginia and "Washington, D.C." is not also Washington.
    static const auto names = [] {
        std::vector<std::pair<std::string_view, std::string_view>> out(std::begin(kOtherSpellings),
                                                                       std::end(kOtherSpellings));
        out.insert(out.end(), std::begin(kStateNames), std::end(kStateNames));
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.second.size() > b.second.size();
        });
        return out;
    }();
    std::string masked(place);
    std::vector<std::pair<size_t, std::string>> found;  // position, id
    for (const auto& [id, name] : names) {
        for (size_t at = find_word(masked, name); at != std::string_view::npos;
             at = find_word(masked, name, at + 1)) {
            masked.replace(at, name.size(), name.size(), '#');
            found.emplace_back(at, std::string(id));
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& [at, id] : found) {
        if (!has(out, id)) out.push_back(std::move(id));
    }
    if (out.empty()) out.emplace_back(kNationalPlace);
    return out;
}

bool example_matches(const content::Roadmap& roadmap, const content::Example& example,
                     const ExampleQuery& query) {
    if (!query.state.empty() && !has(states_in(example.place), query.state)) return false;
    if (query.area.empty() && query.element.empty() && query.stage.empty()) return true;
    return std::any_of(
        example.illustrates.begin(), example.illustrates.end(), [&](const auto& ill) {
            const auto* element = roadmap.element(ill.element_id);
            return (query.area.empty() || (element && element->area == query.area)) &&
                   (query.element.empty() || ill.element_id == query.element) &&
                   (query.stage.empty() || has(ill.stage_ids, query.stage));
        });
}

std::vector<const content::Example*> filter_examples(const content::Roadmap& roadmap,
                                                     const ExampleQuery& query) {
    std::vector<const content::Example*> out;
    for (const auto& example : roadmap.examples) {
        if (example_matches(roadmap, example, query)) out.push_back(&example);
    }
    return out;
}

}  // namespace cbe::report
