#include "content/glossary_linker.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.hpp"

namespace cbe::content {

namespace {

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool all_capitals(std::string_view s) {
    bool letter = false;
    for (char c : s) {
        if (std::islower(static_cast<unsigned char>(c))) return false;
        letter = letter || std::isupper(static_cast<unsigned char>(c));
    }
    return letter;
}

// Elements whose text is never linked: links cannot nest, and headings and controls read
// badly with links inside.
bool is_skipped_tag(std::string_view name) {
    static const std::set<std::string_view> skipped{
        "a", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "summary",
        "script", "style", "title", "option", "textarea", "legend", "dt", "th"};
    return skipped.count(name) > 0;
}

size_t find_word(std::string_view text, std::string_view phrase, bool exact_case, size_t from) {
    while (from + phrase.size() <= text.size()) {
        size_t pos;
        if (exact_case) {
            pos = text.find(phrase, from);
        } else {
            auto it = std::search(text.begin() + from, text.end(), phrase.begin(), phrase.end(),
                                  [](char a, char b) {
                                      return std::tolower(static_cast<unsigned char>(a)) ==
                                             std::tolower(static_cast<unsigned char>(b));
                                  });
            pos = it == text.end() ? std::string_view::npos : it - text.begin();
        }
        if (pos == std::string_view::npos) return pos;
        bool starts = pos == 0 || !is_word_char(text[pos - 1]);
        size_t end = pos + phrase.size();
        bool ends = end == text.size() || !is_word_char(text[end]);
        if (starts && ends) return pos;
        from = pos + 1;
    }
    return std::string_view::npos;
}

}  // namespace

GlossaryLinker::GlossaryLinker(const std::vector<GlossaryTerm>& terms) {
    for (const auto& term : terms) {
        phrases_.push_back({term.term, term.id, all_capitals(term.term)});
        for (const auto& alias : term.aliases) {
            phrases_.push_back({alias, term.id, all_capitals(alias)});
        }
    }
    std::stable_sort(phrases_.begin(), phrases_.end(), [](const Phrase& a, const Phrase& b) {
        return a.text.size() > b.text.size();
    });
}

std::string GlossaryLinker::link_first_uses(std::string_view html) const {
    std::string out;
    out.reserve(html.size() + 1024);
    std::set<std::string> linked;
    int skip_depth = 0;
    size_t pos = 0;
    while (pos < html.size()) {
        size_t lt = html.find('<', pos);
        std::string_view text = html.substr(pos, lt == std::string_view::npos ? lt : lt - pos);
        if (skip_depth > 0 || text.empty()) {
            out.append(text);
        } else {
            // Link the earliest match, then go on after it, until no unlinked term matches.
            size_t cursor = 0;
            while (true) {
                size_t best = std::string_view::npos;
                const Phrase* found = nullptr;
                for (const auto& phrase : phrases_) {
                    if (linked.count(phrase.term_id)) continue;
                    size_t at = find_word(text, phrase.text, phrase.exact_case, cursor);
                    if (at < best) best = at, found = &phrase;
                }
                if (found == nullptr) break;
                out.append(text.substr(cursor, best - cursor));
                out += "<a class=\"glossary-link\" href=\"/glossary#" + found->term_id + "\">";
                out.append(text.substr(best, found->text.size()));
                out += "</a>";
                linked.insert(found->term_id);
                cursor = best + found->text.size();
            }
            out.append(text.substr(cursor));
        }
        if (lt == std::string_view::npos) break;
        size_t gt = html.find('>', lt);
        if (gt == std::string_view::npos) gt = html.size() - 1;
        std::string_view tag = html.substr(lt + 1, gt - lt - 1);
        bool closing = !tag.empty() && tag.front() == '/';
        if (closing) tag.remove_prefix(1);
        size_t name_end = tag.find_first_of(" \t\n/");
        std::string name = text::to_lower(tag.substr(0, name_end));
        if (is_skipped_tag(name) && !(tag.size() > 0 && tag.back() == '/')) {
            skip_depth += closing ? -1 : 1;
            if (skip_depth < 0) skip_depth = 0;
        }
        out.append(html.substr(lt, gt - lt + 1));
        pos = gt + 1;
    }
    return out;
}

}  // namespace cbe::content
