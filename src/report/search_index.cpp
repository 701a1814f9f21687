#include "report/search_index.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/text.hpp"
#include "report/detail/json_helpers.hpp"

namespace cbe::report {

namespace {

// Field weights: a word in the title says far more about a document than one in its text.
constexpr float kTitleWeight = 8;
constexpr float kKeywordWeight = 3;
constexpr float kBodyWeight = 1;
// A word that only starts with the query term ("assess" → "assessment") counts half.
constexpr float kPrefixFactor = 0.5F;
constexpr size_t kMinPrefixChars = 3;
// BM25's saturation: the tenth occurrence of a word adds little over the third.
constexpr double kSaturation = 4.0;
constexpr double kAllInTitleBoost = 1.5;
constexpr double kWholeTitleBoost = 2.0;

// Words too common to tell documents apart; dropped from documents and queries alike.
const std::unordered_set<std::string_view>& stop_words() {
    static const std::unordered_set<std::string_view> words{
        "an",  "and",  "are", "as",   "at",   "be",    "by",    "can", "do",    "does",
        "for", "from", "has", "have", "how",  "in",    "into",  "is",  "it",    "its",
        "my",  "of",   "on",  "or",   "our",  "so",    "that",  "the", "their", "this",
        "to",  "was",  "we",  "what", "when", "where", "which", "who", "with",  "your"};
    return words;
}

bool is_word_byte(unsigned char c) {
    // Bytes of multi-byte UTF-8 characters count as letters, so "é" never splits a word.
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

struct Span {
    size_t begin;
    size_t end;
};

std::vector<Span> word_spans(std::string_view text) {
    std::vector<Span> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        size_t begin = i;
        while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i > begin) out.push_back({begin, i});
    }
    return out;
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Lowercase, with the commonest English plurals folded ("policies" → "policy", "systems" →
// "system"), so singular and plural find each other. Empty for a word not worth indexing.
std::string normalize(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    for (char c : word) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.size() < 2 || stop_words().count(out) > 0) return "";
    if (out.size() > 4 && ends_with(out, "ies")) {
        out.replace(out.size() - 3, 3, "y");
    } else if (out.size() > 3 && out.back() == 's' && !ends_with(out, "ss") &&
               !ends_with(out, "us") && !ends_with(out, "is")) {
        out.pop_back();
    }
    return out;
}

bool term_matches(std::string_view word, std::string_view term, bool* exact = nullptr) {
    if (word == term) {
        if (exact) *exact = true;
        return true;
    }
    if (exact) *exact = false;
    return term.size() >= kMinPrefixChars && word.size() > term.size() &&
           word.substr(0, term.size()) == term;
}

bool matches_any(std::string_view word, const std::vector<std::string>& terms) {
    if (word.empty()) return false;
    return std::any_of(terms.begin(), terms.end(),
                       [&](const std::string& t) { return term_matches(word, t); });
}

std::vector<std::string> normalized_words(std::string_view text) {
    std::vector<std::string> out;
    for (auto span : word_spans(text)) {
        std::string word = normalize(text.substr(span.begin, span.end - span.begin));
        if (!word.empty()) out.push_back(std::move(word));
    }
    return out;
}

}  // namespace

std::string_view search_kind_id(SearchKind kind) {
    switch (kind) {
        case SearchKind::kElement:
            return "element";
        case SearchKind::kExample:
            return "example";
        case SearchKind::kResource:
            return "resource";
        case SearchKind::kTerm:
            return "term";
    }
    return "";
}

std::vector<std::string> search_terms(std::string_view query) {
    std::string_view capped = text::is_valid_utf8(query) ? text::utf8_prefix(query, kMaxSearchChars)
                                                         : query.substr(0, kMaxSearchChars);
    std::vector<std::string> out;
    for (auto& word : normalized_words(capped)) {
        if (std::find(out.begin(), out.end(), word) != out.end()) continue;
        out.push_back(std::move(word));
        if (out.size() == kMaxSearchTerms) break;
    }
    return out;
}

SearchIndex::SearchIndex(std::vector<SearchDocument> documents) : documents_(std::move(documents)) {
    for (uint32_t id = 0; id < documents_.size(); ++id) {
        const auto& doc = documents_[id];
        std::map<std::string, float> weights;
        for (const auto& word : normalized_words(doc.title)) weights[word] += kTitleWeight;
        for (const auto& word : normalized_words(doc.keywords)) weights[word] += kKeywordWeight;
        for (const auto& word : normalized_words(doc.body)) weights[word] += kBodyWeight;
        for (const auto& [word, weight] : weights) postings_[word].push_back({id, weight});
    }
}

// Ranking, a small BM25 without length normalisation:
//  - every term must match (a search narrows as words are added, as people expect);
//  - a term's weight in a document adds up its occurrences times the field's weight (title 8,
//    other names 3, text 1), a word that only starts with the term counting half;
//  - that weight is saturated (w·(k+1)/(w+k)), so repeating a word has diminishing returns,
//    and multiplied by the term's rarity across all documents (BM25's idf), so a rare word
//    counts more than one found everywhere;
//  - a document whose title holds every term is raised by half, and one whose title is exactly
//    the query (a glossary term, an element's name) is doubled again;
//  - ties go by kind (elements, terms, examples, resources), then title, so results are stable.
std::vector<SearchHit> SearchIndex::search(const std::vector<std::string>& terms) const {
    if (terms.empty() || documents_.empty()) return {};
    const size_t n = documents_.size();
    std::vector<double> score(n, 0);
    std::vector<size_t> matched(n, 0);
    for (const auto& term : terms) {
        std::vector<float> weight(n, 0);
        if (auto it = postings_.find(term); it != postings_.end()) {
            for (const auto& p : it->second) weight[p.document] += p.weight;
        }
        if (term.size() >= kMinPrefixChars) {
            for (auto it = postings_.upper_bound(term);
                 it != postings_.end() && it->first.compare(0, term.size(), term) == 0; ++it) {
                for (const auto& p : it->second) weight[p.document] += kPrefixFactor * p.weight;
            }
        }
        size_t df = std::count_if(weight.begin(), weight.end(), [](float w) { return w > 0; });
        if (df == 0) return {};
        double idf =
            std::log(1.0 + (static_cast<double>(n - df) + 0.5) / (static_cast<double>(df) + 0.5));
        for (size_t d = 0; d < n; ++d) {
            if (weight[d] <= 0) continue;
            score[d] += idf * weight[d] * (kSaturation + 1) / (weight[d] + kSaturation);
            ++matched[d];
        }
    }
    std::vector<SearchHit> hits;
    for (size_t d = 0; d < n; ++d) {
        if (matched[d] != terms.size()) continue;
        auto title = normalized_words(documents_[d].title);
        bool all_in_title = std::all_of(terms.begin(), terms.end(), [&](const std::string& t) {
            return std::any_of(title.begin(), title.end(),
                               [&](const std::string& w) { return term_matches(w, t); });
        });
        double s = score[d];
        if (all_in_title) s *= kAllInTitleBoost;
        if (title == terms) s *= kWholeTitleBoost;
        hits.push_back({&documents_[d], s});
    }
    auto kind_rank = [](SearchKind k) {
        return std::find(kSearchKinds.begin(), kSearchKinds.end(), k) - kSearchKinds.begin();
    };
    std::sort(hits.begin(), hits.end(), [&](const SearchHit& a, const SearchHit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.document->kind != b.document->kind)
            return kind_rank(a.document->kind) < kind_rank(b.document->kind);
        return a.document->title < b.document->title;
    });
    return hits;
}

std::string highlight_html(std::string_view text, const std::vector<std::string>& terms) {
    std::string out;
    size_t at = 0;
    for (auto span : word_spans(text)) {
        std::string_view word = text.substr(span.begin, span.end - span.begin);
        if (!matches_any(normalize(word), terms)) continue;
        text::append_markup_escaped(out, text.substr(at, span.begin - at));
        out += "<mark>";
        text::append_markup_escaped(out, word);
        out += "</mark>";
        at = span.end;
    }
    text::append_markup_escaped(out, text.substr(at));
    return out;
}

std::string snippet_html(std::string_view text, const std::vector<std::string>& terms,
                         size_t max_chars) {
    if (text.size() <= max_chars) return highlight_html(text, terms);
    auto spans = word_spans(text);
    size_t first = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
        auto word = text.substr(spans[i].begin, spans[i].end - spans[i].begin);
        if (matches_any(normalize(word), terms)) {
            first = i;
            break;
        }
    }
    // Start a few words before the match so it reads in context; cut only between words, which
    // never splits a UTF-8 character (their bytes all count as letters).
    size_t start = first;
    while (start > 0 && spans[first].begin - spans[start - 1].begin < max_chars / 4) --start;
    size_t begin = start == 0 ? 0 : spans[start].begin;
    size_t end = begin;
    for (size_t i = start; i < spans.size() && spans[i].end - begin <= max_chars; ++i) {
        end = spans[i].end;
    }
    if (end == begin && start < spans.size()) end = spans[start].end;  // one very long word
    std::string out = begin > 0 ? "… " : "";
    out += highlight_html(text.substr(begin, end - begin), terms);
    if (end < text.size()) out += " …";
    return out;
}

std::string plain_text(std::string_view html) {
    static const std::unordered_set<std::string_view> blocks{
        "p",  "li",         "ul",  "ol",    "br", "h1", "h2", "h3",  "h4", "h5",
        "h6", "blockquote", "pre", "table", "tr", "td", "th", "div", "dd", "dt"};
    static const std::pair<std::string_view, char> entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    std::string out;
    size_t i = 0;
    while (i < html.size()) {
        if (html[i] == '<') {
            size_t close = html.find('>', i);
            if (close == std::string_view::npos) break;
            std::string_view tag = html.substr(i + 1, close - i - 1);
            if (!tag.empty() && tag[0] == '/') tag.remove_prefix(1);
            tag = tag.substr(0, tag.find_first_of(" \t\n/"));
            if (blocks.count(tag) > 0) out += ' ';
            i = close + 1;
            continue;
        }
        if (html[i] == '&') {
            bool decoded = false;
            for (const auto& [name, c] : entities) {
                if (html.substr(i, name.size()) == name) {
                    out += c;
                    i += name.size();
                    decoded = true;
                    break;
                }
            }
            if (decoded) continue;
        }
        out += html[i++];
    }
    // One space between words, none at the ends.
    std::string collapsed;
    for (char c : out) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
        collapsed += space ? ' ' : c;
    }
    if (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    return collapsed;
}

std::vector<SearchDocument> search_documents(const content::Roadmap& roadmap) {
    std::vector<SearchDocument> out;
    for (const auto& e : roadmap.elements) {
        std::string area = detail::area_name(roadmap, e.area);
        std::string body = e.why;
        for (size_t s = 0; s < content::kStageCount; ++s) {
            body += ' ' + e.stages[s].mini + ' ' + plain_text(e.stages[s].descriptor_html);
            for (const auto& indicator : e.stages[s].indicators) body += ' ' + indicator;
            if (s < e.moves.size()) {
                for (const auto& move : e.moves[s]) body += ' ' + move;
            }
        }
        out.push_back({SearchKind::kElement, "/elements/" + e.id, e.name, area, area, body});
    }
    for (const auto& t : roadmap.glossary) {
        std::string aliases;
        for (const auto& a : t.aliases) aliases += (aliases.empty() ? "" : ", ") + a;
        out.push_back({SearchKind::kTerm, "/glossary#" + t.id, t.term, aliases, aliases,
                       plain_text(t.definition_html)});
    }
    for (const auto& e : roadmap.examples) {
        std::string keywords = e.kind + ' ' + e.place;
        for (const auto& ill : e.illustrates) {
            if (const auto* element = roadmap.element(ill.element_id)) {
                keywords += ' ' + element->name;
            }
        }
        out.push_back({SearchKind::kExample, "/examples/" + e.id, e.name, e.place + " · " + e.years,
                       keywords, plain_text(e.summary_html)});
    }
    for (const auto& r : roadmap.resources) {
        out.push_back({SearchKind::kResource, "/resources/" + r.id, r.title,
                       r.publisher + ", " + std::to_string(r.year) + " · " + r.type,
                       r.publisher + ' ' + r.type, plain_text(r.summary_html)});
    }
    return out;
}

}  // namespace cbe::report
