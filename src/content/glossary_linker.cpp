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
        "a",        "h1",     "h2",      "h3",     "h4",    "h5",     "h6",
        "button",   "label",  "summary", "script", "style", "title",  "option",
        "textarea", "legend", "dt",      "th",     "nav",   "caption"};
    return skipped.count(name) > 0;
}

// First whole-word occurrence of `phrase` in `text` from `from` (both already in the case the
// phrase is matched in), or npos.
size_t find_word(std::string_view text, std::string_view phrase, size_t from) {
    while (true) {
        size_t pos = text.find(phrase, from);
        if (pos == std::string_view::npos) return pos;
        bool starts = pos == 0 || !is_word_char(text[pos - 1]);
        size_t end = pos + phrase.size();
        bool ends = end == text.size() || !is_word_char(text[end]);
        if (starts && ends) return pos;
        from = pos + 1;
    }
}

}  // namespace

GlossaryLinker::GlossaryLinker(const std::vector<GlossaryTerm>& terms) {
    auto add = [this](const std::string& text, const std::string& id, size_t index) {
        bool exact = all_capitals(text);
        phrases_.push_back({exact ? text : text::to_lower(text), id, index, exact});
    };
    for (size_t i = 0; i < terms.size(); ++i) {
        add(terms[i].term, terms[i].id, i);
        for (const auto& alias : terms[i].aliases) add(alias, terms[i].id, i);
    }
    term_count_ = terms.size();
    std::stable_sort(phrases_.begin(), phrases_.end(), [](const Phrase& a, const Phrase& b) {
        return a.text.size() > b.text.size();
    });
}

std::string GlossaryLinker::link_first_uses(std::string_view html) const {
    std::string out;
    out.reserve(html.size() + 1024);
    std::vector<bool> linked(term_count_, false);
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
            std::string lower = text::to_lower(text);
            while (true) {
                size_t best = std::string_view::npos;
                const Phrase* found = nullptr;
                for (const auto& phrase : phrases_) {
                    if (linked[phrase.term_index]) continue;
                    size_t at = find_word(phrase.exact_case ? text : std::string_view(lower),
                                          phrase.text, cursor);
                    if (at < best) best = at, found = &phrase;
                }
                if (found == nullptr) break;
                out.append(text.substr(cursor, best - cursor));
                out += "<a class=\"glossary-link\" href=\"/glossary#" + found->term_id + "\">";
                out.append(text.substr(best, found->text.size()));
                out += "</a>";
                linked[found->term_index] = true;
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
