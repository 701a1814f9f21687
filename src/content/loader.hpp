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

// Which rules a load applies. Content we ship or serve as current meets every rule. A snapshot
// an old assessment was made with is held to the shape rules only: fields and checks added in
// later content versions (`accessed`, `source_kind`, agenda lengths, two examples per element,
// glossary forms) are not required of it, so results made with content 1.0.0 still render.
enum class Rules { kCurrent, kSnapshot };

// Reads every *.yaml file under `dir`; problems for unreadable or oversized files.
ContentFiles read_content_files(const std::filesystem::path& dir, Problems& problems);
LoadResult load_content_files(const ContentFiles& files, Rules rules = Rules::kSnapshot);
LoadResult load_content(const std::filesystem::path& dir, Rules rules = Rules::kCurrent);

}  // namespace cbe::content
