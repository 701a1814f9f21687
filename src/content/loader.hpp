// Loads content/ into a validated Roadmap; every problem found is returned, none thrown.
#pragma once

#include <filesystem>

#include "content/model.hpp"
#include "content/problem.hpp"

namespace cbe::content {

struct LoadResult {
    RoadmapPtr roadmap;  // null when there are problems
    Problems problems;
};

LoadResult load_content(const std::filesystem::path& dir);

}  // namespace cbe::content
