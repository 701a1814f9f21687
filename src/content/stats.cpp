#include "content/stats.hpp"

#include <cctype>
#include <set>

namespace cbe::content {

double Readability::grade() const {
    if (sentences == 0 || words == 0) return 0;
    return 0.39 * double(words) / double(sentences) + 11.8 * double(syllables) / double(words) -
           15.59;
}

double Readability::reading_ease() const {
    if (sentences == 0 || words == 0) return 0;
    return 206.835 - 1.015 * double(words) / double(sentences) -
           84.6 * double(syllables) / double(words);
}

size_t count_syllables(std::string_view word) {
    auto vowel = [](char c) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    };
    size_t count = 0;
    bool previous = false;
    for (char c : word) {
        bool v = vowel(c);
        if (v && !previous) ++count;
        previous = v;
    }
    // A final silent 'e' ("state") is not a syllable, but "-le" after a consonant ("table") is.
    size_t n = word.size();
    if (n > 2 && std::tolower(static_cast<unsigned char>(word[n - 1])) == 'e' && count > 1) {
        bool le =
            std::tolower(static_cast<unsigned char>(word[n - 2])) == 'l' && !vowel(word[n - 3]);
        if (!le && !vowel(word[n - 2])) --count;
    }
    return count == 0 ? 1 : count;
}

void measure(std::string_view text, Readability& into) {
    std::string word;
    bool in_tag = false;
    bool sentence_open = false;
    auto end_word = [&] {
        if (word.empty()) return;
        ++into.words;
        into.syllables += count_syllables(word);
        word.clear();
        sentence_open = true;
    };
    for (char c : text) {
        if (c == '<') in_tag = true;
        if (in_tag) {
            if (c == '>') in_tag = false;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c))) {
            word += c;
            continue;
        }
        end_word();
        if ((c == '.' || c == '!' || c == '?') && sentence_open) {
            ++into.sentences;
            sentence_open = false;
        }
    }
    end_word();
    if (sentence_open) ++into.sentences;  // a last sentence without a full stop
}

std::optional<int> start_year(std::string_view years) {
    auto digit = [&](size_t i) { return i < years.size() && years[i] >= '0' && years[i] <= '9'; };
    for (size_t i = 0; i + 4 <= years.size(); ++i) {
        // Exactly four digits: not part of a longer number such as 20250.
        if ((i > 0 && digit(i - 1)) || !digit(i) || !digit(i + 1) || !digit(i + 2) ||
            !digit(i + 3) || digit(i + 4)) {
            continue;
        }
        return std::stoi(std::string(years.substr(i, 4)));
    }
    return std::nullopt;
}

ContentStats compute_stats(const Roadmap& roadmap) {
    ContentStats stats;
    stats.version = roadmap.version;
    stats.areas = roadmap.areas.size();
    for (const auto& area : roadmap.areas)
        stats.elements_per_area[area.id] = area.element_ids.size();
    stats.elements = roadmap.elements.size();
    stats.stages = roadmap.stages.size();
    stats.examples = roadmap.examples.size();
    stats.resources = roadmap.resources.size();
    stats.collections = roadmap.collections.size();
    stats.glossary_terms = roadmap.glossary.size();
    for (const auto& element : roadmap.elements) {
        for (const auto& stage : element.stages) measure(stage.descriptor_html, stats.descriptors);
        stats.examples_per_element[element.id] = 0;
    }
    for (const auto& example : roadmap.examples) {
        std::set<std::string> elements;  // an element named twice by one example counts once
        for (const auto& illustration : example.illustrates)
            elements.insert(illustration.element_id);
        for (const auto& id : elements) ++stats.examples_per_element[id];
        if (auto year = start_year(example.years)) {
            ++stats.examples_by_start_year[*year];
        } else {
            ++stats.examples_without_start_year;
        }
    }
    return stats;
}

}  // namespace cbe::content
