// One search across the site's content: a small ranked token index built in memory from the
// roadmap when the content loads (docs/architecture.md, "Search"). Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"

namespace cbe::report {

enum class SearchKind { kElement, kExample, kResource, kTerm };
inline constexpr std::array<SearchKind, 4> kSearchKinds{
    SearchKind::kElement, SearchKind::kTerm, SearchKind::kExample, SearchKind::kResource};
// "element", "example", "resource", "term": the value of the kind filter on /search.
std::string_view search_kind_id(SearchKind kind);

// What one result is made of. Text fields are plain text (never HTML): they are escaped when
// highlighted.
struct SearchDocument {
    SearchKind kind = SearchKind::kElement;
    std::string url;
    std::string title;
    std::string context;   // one short line under the title (area, publisher and year, place)
    std::string keywords;  // other names it goes by: aliases, publisher, place, area
    std::string body;      // the words of its text, for matching and the snippet
};

struct SearchHit {
    const SearchDocument* document = nullptr;
    double score = 0;
};

// A query cut to this many characters, and to this many distinct words, before it is used.
inline constexpr size_t kMaxSearchChars = 200;
inline constexpr size_t kMaxSearchTerms = 10;

// The words of a query as the index sees them: lowercased, common words dropped, plurals
// folded, each once, at most kMaxSearchTerms. Empty when nothing searchable is left.
std::vector<std::string> search_terms(std::string_view query);

class SearchIndex {
  public:
    explicit SearchIndex(std::vector<SearchDocument> documents);

    // Documents that contain every term (a word, or for terms of three letters or more a word
    // that starts with it), best first (see the ranking in search_index.cpp).
    std::vector<SearchHit> search(const std::vector<std::string>& terms) const;
    size_t size() const { return documents_.size(); }

  private:
    struct Posting {
        uint32_t document;
        float weight;  // sum of the field weights of each occurrence
    };
    std::vector<SearchDocument> documents_;
    std::map<std::string, std::vector<Posting>, std::less<>> postings_;
};

// Every element, example, resource and glossary term of `roadmap` as a search document.
std::vector<SearchDocument> search_documents(const content::Roadmap& roadmap);

// `text` as escaped HTML, with each word that matches one of `terms` inside <mark>…</mark>.
std::string highlight_html(std::string_view text, const std::vector<std::string>& terms);
// Up to about `max_chars` characters of `text` around its first matching word (the start when
// none matches), cut at word boundaries, marked with "…" where cut, highlighted.
std::string snippet_html(std::string_view text, const std::vector<std::string>& terms,
                         size_t max_chars);
// The words of our own HTML (cmark output), tags dropped and entities decoded.
std::string plain_text(std::string_view html);

}  // namespace cbe::report
