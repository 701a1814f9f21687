#include "cli/content_stats.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "content/stats.hpp"

namespace cbe::cli {

std::string content_stats_json(const content::Roadmap& roadmap) {
    auto stats = content::compute_stats(roadmap);
    boost::json::object per_area;
    for (const auto& [area, count] : stats.elements_per_area) per_area[area] = count;
    auto round1 = [](double v) { return std::round(v * 10) / 10; };
    boost::json::object out{{"version", stats.version},
                            {"areas", stats.areas},
                            {"elements", stats.elements},
                            {"elements_per_area", per_area},
                            {"stages", stats.stages},
                            {"examples", stats.examples},
                            {"resources", stats.resources},
                            {"collections", stats.collections},
                            {"glossary_terms", stats.glossary_terms},
                            {"descriptor_readability",
                             {{"sentences", stats.descriptors.sentences},
                              {"words", stats.descriptors.words},
                              {"flesch_kincaid_grade", round1(stats.descriptors.grade())},
                              {"flesch_reading_ease", round1(stats.descriptors.reading_ease())}}}};
    return boost::json::serialize(out);
}

}  // namespace cbe::cli
