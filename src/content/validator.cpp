#include <algorithm>

#include "content/detail/references.hpp"

namespace cbe::content::detail {

namespace {

const char* kind_name(RefKind kind) {
    switch (kind) {
        case RefKind::kElement:
            return "element";
        case RefKind::kStage:
            return "stage";
        case RefKind::kAudience:
            return "audience";
        case RefKind::kResource:
            return "resource";
        case RefKind::kTerm:
            return "glossary term";
    }
    return "id";
}

bool exists(const Roadmap& roadmap, const PendingRef& ref) {
    switch (ref.kind) {
        case RefKind::kElement:
            return roadmap.element(ref.id) != nullptr;
        case RefKind::kStage:
            return stage_index(ref.id).has_value();
        case RefKind::kAudience:
            return roadmap.audience(ref.id) != nullptr;
        case RefKind::kResource:
            return roadmap.resource(ref.id) != nullptr;
        case RefKind::kTerm:
            return roadmap.term(ref.id) != nullptr;
    }
    return false;
}

}  // namespace

void validate_references(const Roadmap& roadmap, const std::vector<PendingRef>& refs,
                         const std::map<std::string, int>& question_lines, Problems& problems) {
    for (const auto& ref : refs) {
        if (!exists(roadmap, ref)) {
            problems.push_back(
                {ref.file, ref.line,
                 std::string("unknown ") + kind_name(ref.kind) + " '" + ref.id + "'"});
        }
    }
    // Every element on an audience's pathway needs guiding questions for that audience.
    for (const auto& audience : roadmap.audiences) {
        for (const auto& element_id : audience.element_ids) {
            const Element* element = roadmap.element(element_id);
            if (element == nullptr) continue;  // already reported as unknown
            auto it = element->questions.find(audience.id);
            if (it == element->questions.end() || it->second.empty()) {
                auto line = question_lines.find(element->id);
                problems.push_back({"elements/" + element->id + ".yaml",
                                    line == question_lines.end() ? 0 : line->second,
                                    "no guiding questions for audience '" + audience.id +
                                        "', whose pathway includes this element"});
            }
        }
    }
}

}  // namespace cbe::content::detail
