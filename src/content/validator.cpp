#include <algorithm>
#include <set>

#include "content/detail/references.hpp"
#include "content/glossary_linker.hpp"
#include "core/text.hpp"

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

void validate_examples_per_element(const Roadmap& roadmap,
                                   const std::map<std::string, int>& id_lines, Problems& problems) {
    std::map<std::string, size_t> count;
    for (const auto& example : roadmap.examples) {
        std::set<std::string> elements;  // an example that names an element twice counts once
        for (const auto& illustration : example.illustrates)
            elements.insert(illustration.element_id);
        for (const auto& id : elements) ++count[id];
    }
    for (const auto& element : roadmap.elements) {
        size_t n = count[element.id];
        if (n >= kMinExamplesPerElement) continue;
        auto line = id_lines.find(element.id);
        problems.push_back(
            {"elements/" + element.id + ".yaml", line == id_lines.end() ? 0 : line->second,
             "this element is illustrated by " + std::to_string(n) +
                 (n == 1 ? " example" : " examples") + " from the field; it needs at least " +
                 std::to_string(kMinExamplesPerElement)});
    }
}

void validate_glossary_use(const Roadmap& roadmap, const std::vector<TextAt>& element_texts,
                           Problems& problems) {
    GlossaryLinker linker(roadmap.glossary);
    std::set<std::string> reported;  // file, term and form: one problem each, at the first use
    for (const auto& field : element_texts) {
        for (const auto& use : linker.unmatched_uses(field.text)) {
            if (!reported.insert(field.file + '\n' + use.term_id + '\n' + text::to_lower(use.used))
                     .second) {
                continue;
            }
            problems.push_back({field.file, field.line,
                                "'" + use.used + "' is glossary term '" + use.term +
                                    "' in a form the glossary does not list, so it is not "
                                    "linked; add it to the term's aliases or use the term's "
                                    "name"});
        }
    }
}

}  // namespace cbe::content::detail
