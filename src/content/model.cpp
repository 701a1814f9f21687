#include "content/model.hpp"

namespace cbe::content {

std::optional<size_t> stage_index(std::string_view id) {
    for (size_t i = 0; i < kStageIds.size(); ++i) {
        if (kStageIds[i] == id) return i;
    }
    return std::nullopt;
}

namespace {

template <typename T>
void index(const std::vector<T>& items, std::unordered_map<std::string, size_t>& out) {
    out.clear();
    for (size_t i = 0; i < items.size(); ++i) out.emplace(items[i].id, i);
}

template <typename T>
const T* find(const std::vector<T>& items, const std::unordered_map<std::string, size_t>& idx,
              std::string_view id) {
    auto it = idx.find(std::string(id));
    return it == idx.end() ? nullptr : &items[it->second];
}

}  // namespace

void Roadmap::build_indexes() {
    index(elements, element_index_);
    index(areas, area_index_);
    index(audiences, audience_index_);
    index(examples, example_index_);
    index(resources, resource_index_);
    index(glossary, term_index_);
}

const Element* Roadmap::element(std::string_view id) const {
    return find(elements, element_index_, id);
}
const Area* Roadmap::area(std::string_view id) const { return find(areas, area_index_, id); }
const Audience* Roadmap::audience(std::string_view id) const {
    return find(audiences, audience_index_, id);
}
const Example* Roadmap::example(std::string_view id) const {
    return find(examples, example_index_, id);
}
const Resource* Roadmap::resource(std::string_view id) const {
    return find(resources, resource_index_, id);
}
const GlossaryTerm* Roadmap::term(std::string_view id) const {
    return find(glossary, term_index_, id);
}

}  // namespace cbe::content
