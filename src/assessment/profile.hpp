// Where a system stands (its profile) and what to do next, from a pathway's answers.
// The rules are in docs/assessment.md ("Profile" and "Next steps").
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "assessment/answer.hpp"
#include "content/model.hpp"

namespace cbe::assessment {

struct ElementResult {
    const content::Element* element = nullptr;
    const Answer* answer = nullptr;  // null when not answered yet
};

struct AreaProfile {
    const content::Area* area = nullptr;
    std::vector<ElementResult> elements;                   // in pathway order
    std::array<size_t, content::kStageCount> per_stage{};  // how many elements at each stage
    size_t placed = 0;                                     // answered with a stage
    std::optional<size_t> typical_stage;                   // the lower median of placed stages
};

struct Profile {
    std::vector<AreaProfile> areas;  // areas with at least one element on the pathway
    size_t total = 0;                // elements on the pathway
    size_t answered = 0;             // any answer, including not sure / not applicable
    size_t placed = 0;               // answered with a stage
    std::optional<size_t> typical_stage;
    std::vector<ElementResult> not_sure;  // conversations to have
    std::vector<ElementResult> not_applicable;
    std::vector<ElementResult> unanswered;
};

struct NextStep {
    const content::Element* element = nullptr;
    size_t stage = 0;                                 // where the system placed itself
    std::optional<size_t> next_stage;                 // none at Transforming
    const std::vector<std::string>* moves = nullptr;  // from `stage` to `next_stage`
    std::vector<const content::Example*> examples;    // at most kMaxExamples
    std::vector<const content::Resource*> resources;  // at most kMaxResources
};

inline constexpr size_t kMaxExamples = 3;
inline constexpr size_t kMaxResources = 4;

// The profile points into `answers`, which must outlive it (a temporary would not).
Profile build_profile(const content::Roadmap& roadmap, const content::Audience& audience,
                      const std::vector<Answer>& answers);
Profile build_profile(const content::Roadmap& roadmap, const content::Audience& audience,
                      std::vector<Answer>&& answers) = delete;
// One next step per element placed at a stage, in pathway order.
std::vector<NextStep> next_steps(const content::Roadmap& roadmap, const content::Audience& audience,
                                 const std::vector<Answer>& answers);

}  // namespace cbe::assessment
