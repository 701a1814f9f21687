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

// Every whole-word occurrence of `phrase`, as [start, end) pairs.
std::vector<std::pair<size_t, size_t>> find_all(std::string_view text, std::string_view phrase) {
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t at = find_word(text, phrase, 0); at != std::string_view::npos;
         at = find_word(text, phrase, at + 1)) {
        out.emplace_back(at, at + phrase.size());
    }
    return out;
}

// The plural of a (lowercase, or acronym) phrase: its last word takes -s, -es or -ies.
std::string plural(const std::string& phrase, bool acronym) {
    auto ends = [&](std::string_view tail) {
        return phrase.size() >= tail.size() &&
               phrase.compare(phrase.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (acronym) return phrase + "s";
    if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh")) return phrase + "es";
    if (ends("y") && phrase.size() > 1 &&
        std::string_view("aeiou").find(phrase.end()[-2]) == std::string_view::npos) {
        return phrase.substr(0, phrase.size() - 1) + "ies";
    }
    return phrase + "s";
}

// The forms a writer may use for `phrase`: itself, its plural, and each with hyphens and
// spaces swapped ("seat time" / "seat-time").
std::vector<std::string> forms_of(const std::string& phrase, bool acronym) {
    std::vector<std::string> forms;
    for (const std::string& form : {phrase, plural(phrase, acronym)}) {
        forms.push_back(form);
        std::string spaced = form, hyphened = form;
        std::replace(spaced.begin(), spaced.end(), '-', ' ');
        std::replace(hyphened.begin(), hyphened.end(), ' ', '-');
        for (const auto& variant : {spaced, hyphened}) {
            if (variant != form) forms.push_back(variant);
        }
    }
    return forms;
}

// Blanks out explicit [[...]] links, which are links already.
std::string without_explicit_links(std::string_view text) {
    std::string out(text);
    for (size_t open = out.find("[["); open != std::string::npos; open = out.find("[[", open)) {
        size_t close = out.find("]]", open);
        if (close == std::string::npos) break;
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(open),
                  out.begin() + static_cast<std::ptrdiff_t>(close + 2), ' ');
    }
    return out;
}

}  // namespace

GlossaryLinker::GlossaryLinker(const std::vector<GlossaryTerm>& terms) {
    auto add = [this](const std::string& text, const std::string& id, size_t index) {
        bool exact = all_capitals(text);
        phrases_.push_back({exact ? text : text::to_lower(text), id, index, exact});
    };
    for (size_t i = 0; i < terms.size(); ++i) {
        term_names_.push_back(terms[i].term);
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

std::vector<GlossaryLinker::UnmatchedUse> GlossaryLinker::unmatched_uses(
    std::string_view source) const {
    const std::string text = without_explicit_links(source);
    const std::string lower = text::to_lower(text);
    auto in_case = [&](bool exact) { return std::string_view(exact ? text : lower); };
    // Where the linker would match each term, wherever it occurs (not only first uses).
    struct Span {
        size_t start, end, term_index;
    };
    std::vector<Span> matches;
    for (const auto& phrase : phrases_) {
        for (auto [start, end] : find_all(in_case(phrase.exact_case), phrase.text)) {
            matches.push_back({start, end, phrase.term_index});
        }
    }
    std::vector<UnmatchedUse> out;
    std::set<std::pair<size_t, std::string>> reported;
    for (const auto& phrase : phrases_) {
        for (const auto& form : forms_of(phrase.text, phrase.exact_case)) {
            for (auto [start, end] : find_all(in_case(phrase.exact_case), form)) {
                // Covered when the linker matches these words, for this term or, as part of a
                // longer phrase, for another (then the words belong to that term).
                bool covered = std::any_of(matches.begin(), matches.end(),
                                           [start = start, end = end](const Span& m) {
                                               return m.start <= start && end <= m.end;
                                           });
                std::string used = text.substr(start, end - start);
                if (covered || !reported.emplace(phrase.term_index, text::to_lower(used)).second) {
                    continue;
                }
                out.push_back({phrase.term_id, term_names_[phrase.term_index], used});
            }
        }
    }
    return out;
}

}  // namespace cbe::content
