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

    // A use of a glossary term that link_first_uses would not link: the term's name or an
    // alias written as a plural or with a hyphen for a space (or a space for a hyphen), when
    // that form is neither the name nor an alias itself.
    struct UnmatchedUse {
        std::string term_id;
        std::string term;  // the term's name
        std::string used;  // the words as written
    };
    // Unmatched uses in `text` (plain text or Markdown source; explicit [[...]] links are
    // already linked and skipped). Words inside a longer term's match ("interoperability" in
    // "Learning Tools Interoperability") belong to that term and are not uses. One entry per
    // term and form.
    std::vector<UnmatchedUse> unmatched_uses(std::string_view text) const;

  private:
    struct Phrase {
        std::string text;  // lowercased unless exact_case
        std::string term_id;
        size_t term_index;
        bool exact_case;
    };
    std::vector<Phrase> phrases_;  // longest first, so "competency-based education" wins
    std::vector<std::string> term_names_;
    size_t term_count_ = 0;
};

}  // namespace cbe::content
