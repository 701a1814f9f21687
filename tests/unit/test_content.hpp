// The small content fixture in tests/data/content, loaded once for all tests that read it.
#pragma once

#include "content/loader.hpp"

namespace cbe::testing {

inline const content::RoadmapPtr& fixture_roadmap() {
    static const content::RoadmapPtr roadmap =
        content::load_content(std::string(CBE_SOURCE_DIR) + "/tests/data/content").roadmap;
    return roadmap;
}

}  // namespace cbe::testing
