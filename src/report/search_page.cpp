#include "report/search_page.hpp"

#include <boost/json/array.hpp>

#include "core/text.hpp"

namespace cbe::report {

namespace json = boost::json;

namespace {

constexpr size_t kSnippetChars = 220;

struct KindNames {
    SearchKind kind;
    const char* one;   // labels a result
    const char* many;  // labels the filter
};
constexpr KindNames kKindNames[] = {
    {SearchKind::kElement, "Roadmap element", "Roadmap elements"},
    {SearchKind::kTerm, "Glossary term", "Glossary terms"},
    {SearchKind::kExample, "Example from the field", "Examples"},
    {SearchKind::kResource, "Resource", "Resources"},
};

const KindNames& names_of(SearchKind kind) {
    for (const auto& k : kKindNames) {
        if (k.kind == kind) return k;
    }
    return kKindNames[0];
}

// Percent-encodes everything but unreserved characters (RFC 3986), for a query in a link.
std::string url_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

json::object result(const SearchHit& hit, const std::vector<std::string>& terms) {
    const SearchDocument& doc = *hit.document;
    return {{"kind", search_kind_id(doc.kind)},
            {"kind_label", names_of(doc.kind).one},
            {"url", doc.url},
            {"title_html", highlight_html(doc.title, terms)},
            {"context", doc.context},
            {"snippet_html", snippet_html(doc.body, terms, kSnippetChars)}};
}

}  // namespace

std::optional<SearchKind> search_kind(std::string_view id) {
    for (auto kind : kSearchKinds) {
        if (search_kind_id(kind) == id) return kind;
    }
    return std::nullopt;
}

json::object search_model(const SearchIndex& index, std::string_view query,
                          std::optional<SearchKind> kind) {
    // The server accepts only UTF-8 queries; anything else searches for nothing.
    std::string_view capped =
        text::is_valid_utf8(query) ? text::utf8_prefix(query, kMaxSearchChars) : "";
    std::string shown(text::trim(capped));
    auto terms = search_terms(shown);
    auto hits = index.search(terms);
    json::array kinds, results;
    size_t count = 0;
    for (const auto& k : kKindNames) {
        size_t n = std::count_if(hits.begin(), hits.end(),
                                 [&](const SearchHit& h) { return h.document->kind == k.kind; });
        if (n == 0) continue;
        kinds.push_back(json::object{{"id", search_kind_id(k.kind)},
                                     {"label", k.many},
                                     {"count", n},
                                     {"selected", kind == k.kind}});
    }
    for (const auto& hit : hits) {
        if (kind && hit.document->kind != *kind) continue;
        if (++count <= kMaxSearchResults) results.push_back(result(hit, terms));
    }
    return {{"title", shown.empty() ? std::string("Search") : "Search: " + shown},
            {"page", "search"},
            {"query", shown},
            {"query_url", url_encode(shown)},
            {"truncated", !capped.empty() && capped.size() < query.size()},
            {"max_chars", kMaxSearchChars},
            {"empty_query", shown.empty()},
            {"no_terms", !shown.empty() && terms.empty()},
            {"searched", !terms.empty()},
            {"kinds", kinds},
            {"all_selected", !kind.has_value()},
            {"total", hits.size()},
            {"found", !hits.empty()},
            {"one", hits.size() == 1},
            {"count", count},
            {"results", results},
            {"shown", results.size()},
            {"more", count > results.size()}};
}

}  // namespace cbe::report
