// Cross-file references collected while loading, checked once everything is loaded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "content/model.hpp"
#include "content/problem.hpp"

namespace cbe::content::detail {

enum class RefKind { kElement, kStage, kAudience, kResource, kTerm };

struct PendingRef {
    RefKind kind;
    std::string id;
    std::string file;
    int line = 0;
};

// Problems for references to missing ids, and for pathway elements lacking guiding questions.
// `question_lines` maps an element id to the line of its `questions` field (or its id).
void validate_references(const Roadmap& roadmap, const std::vector<PendingRef>& refs,
                         const std::map<std::string, int>& question_lines, Problems& problems);

}  // namespace cbe::content::detail
