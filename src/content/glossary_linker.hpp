// Links the first use of each glossary term on a page to its definition.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"

namespace cbe::content {

class GlossaryLinker {
  public:
    explicit GlossaryLinker(const std::vector<GlossaryTerm>& terms);

    // Rewrites `html` (our own well-formed markup) so the first whole-word use of each term,
    // outside links, headings, buttons, labels and summaries, links to /glossary#id. Acronyms
    // (all capitals, like CASE) match only in capitals, so the word "case" stays plain.
    std::string link_first_uses(std::string_view html) const;

  private:
    struct Phrase {
        std::string text;  // lowercased unless exact_case
        std::string term_id;
        size_t term_index;
        bool exact_case;
    };
    std::vector<Phrase> phrases_;  // longest first, so "competency-based education" wins
    size_t term_count_ = 0;
};

}  // namespace cbe::content
