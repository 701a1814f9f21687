#include "cli/content_stats.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "content/stats.hpp"

namespace cbe::cli {

std::string content_stats_json(const content::Roadmap& roadmap) {
    auto stats = content::compute_stats(roadmap);
    boost::json::object per_area;
    for (const auto& [area, count] : stats.elements_per_area) per_area[area] = count;
    boost::json::object per_element;
    for (const auto& [element, count] : stats.examples_per_element) per_element[element] = count;
    boost::json::object by_year;  // JSON keys are text: "2005": 3
    for (const auto& [year, count] : stats.examples_by_start_year) {
        by_year[std::to_string(year)] = count;
    }
    boost::json::object out{{"version", stats.version},
                            {"areas", stats.areas},
                            {"elements", stats.elements},
                            {"elements_per_area", per_area},
                            {"stages", stats.stages},
                            {"examples", stats.examples},
                            {"resources", stats.resources},
                            {"collections", stats.collections},
                            {"glossary_terms", stats.glossary_terms},
                            {"examples_per_element", per_element},
                            {"examples_by_start_year", by_year},
                            {"examples_without_start_year", stats.examples_without_start_year}};
    std::string json = boost::json::serialize(out);
    // Boost.JSON 1.81 prints doubles in exponent form (1.03E1); write these two as 10.3.
    char readability[256];
    std::snprintf(readability, sizeof readability,
                  ",\"descriptor_readability\":{\"sentences\":%zu,\"words\":%zu,"
                  "\"flesch_kincaid_grade\":%.1f,\"flesch_reading_ease\":%.1f}}",
                  stats.descriptors.sentences, stats.descriptors.words, stats.descriptors.grade(),
                  stats.descriptors.reading_ease());
    json.pop_back();  // the closing brace
    return json + readability;
}

}  // namespace cbe::cli
