// Cross-file references collected while loading, checked once everything is loaded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "content/model.hpp"
#include "content/problem.hpp"

namespace cbe::content::detail {

enum class RefKind { kElement, kStage, kAudience, kResource, kTerm };

struct PendingRef {
    RefKind kind;
    std::string id;
    std::string file;
    int line = 0;
};

// One text field as written in a content file, for checks that read the words themselves.
struct TextAt {
    std::string file;
    int line = 0;
    std::string text;  // plain text or Markdown source
};

// Problems for references to missing ids, and for pathway elements lacking guiding questions.
// `question_lines` maps an element id to the line of its `questions` field (or its id).
void validate_references(const Roadmap& roadmap, const std::vector<PendingRef>& refs,
                         const std::map<std::string, int>& question_lines, Problems& problems);

// Every element is illustrated by at least kMinExamplesPerElement examples from the field.
// `id_lines` maps an element id to the line of its id.
inline constexpr size_t kMinExamplesPerElement = 2;
void validate_examples_per_element(const Roadmap& roadmap,
                                   const std::map<std::string, int>& id_lines, Problems& problems);

// Every use of a glossary term in element text is one the glossary linker links: the term's
// name or an alias, not a plural or hyphenation the glossary does not list
// (docs/content-format.md).
void validate_glossary_use(const Roadmap& roadmap, const std::vector<TextAt>& element_texts,
                           Problems& problems);

}  // namespace cbe::content::detail
