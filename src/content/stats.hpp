// Counts and a readability figure for the content, for `roadmap content check --stats`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "content/model.hpp"

namespace cbe::content {

struct Readability {
    size_t sentences = 0;
    size_t words = 0;
    size_t syllables = 0;
    // Flesch-Kincaid grade level: 0.39 * words/sentence + 11.8 * syllables/word - 15.59.
    double grade() const;
    // Flesch reading ease: 206.835 - 1.015 * words/sentence - 84.6 * syllables/word.
    double reading_ease() const;
};

struct ContentStats {
    std::string version;
    size_t areas = 0;
    std::map<std::string, size_t> elements_per_area;
    size_t elements = 0;
    size_t stages = 0;
    size_t examples = 0;
    size_t resources = 0;
    size_t collections = 0;
    size_t glossary_terms = 0;
    Readability descriptors;  // over every stage descriptor
    // Examples that illustrate each element (every element listed, 0 included).
    std::map<std::string, size_t> examples_per_element;
    // Examples by the year they began (start_year of `years`); examples_without_start_year
    // counts those whose `years` holds no year.
    std::map<int, size_t> examples_by_start_year;
    size_t examples_without_start_year = 0;
};

ContentStats compute_stats(const Roadmap& roadmap);
// The first four-digit year in an example's `years` ("2005–2017" -> 2005), or nullopt.
std::optional<int> start_year(std::string_view years);
// Adds the sentences, words and syllables of `text` (HTML tags are skipped) to `into`.
void measure(std::string_view text, Readability& into);
// Syllables in one English word, by the usual vowel-group heuristic (at least 1).
size_t count_syllables(std::string_view word);

}  // namespace cbe::content
