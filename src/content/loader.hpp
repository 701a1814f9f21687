// Loads content/ into a validated Roadmap; every problem found is returned, none thrown.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "content/model.hpp"
#include "content/problem.hpp"

namespace cbe::content {

struct LoadResult {
    RoadmapPtr roadmap;  // null when there are problems
    Problems problems;
};

// Content files by path relative to the content folder ("elements/tech.x.yaml" -> bytes).
// A snapshot of these is what an old assessment's results are rendered from.
using ContentFiles = std::map<std::string, std::string>;

// Reads every *.yaml file under `dir`; problems for unreadable or oversized files.
ContentFiles read_content_files(const std::filesystem::path& dir, Problems& problems);
LoadResult load_content_files(const ContentFiles& files);
LoadResult load_content(const std::filesystem::path& dir);

}  // namespace cbe::content
