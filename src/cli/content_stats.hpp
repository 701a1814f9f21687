// The JSON printed by `roadmap content check --stats`.
#pragma once

#include <string>

#include "content/model.hpp"

namespace cbe::cli {

std::string content_stats_json(const content::Roadmap& roadmap);

}  // namespace cbe::cli
