// Which elements an action plan should start with. The plan page suggests a few and says why;
// the rule is in docs/plans.md ("Suggested priorities"), tested in priorities_test.cpp.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/consensus.hpp"

namespace cbe::assessment {

// One element as the plan sees it: where it was placed, and for a team session the totals.
struct PriorityCandidate {
    std::string element_id;
    std::optional<size_t> stage;      // the answer's or the agreed stage; none when not placed
    bool not_sure = false;            // a self-assessment answered "not sure"
    std::optional<Consensus> totals;  // a team session's revealed totals
};

// Why an element is suggested, in the order the rule prefers them.
enum class PriorityReason {
    kDisagreement,  // the team's ratings split into camps: settle that first
    kUnsure,        // "don't know": a third or more of the team, or the self-assessment's answer
    kLowestStage,   // placed, and lowest among the placed elements
};

struct Suggestion {
    std::string element_id;
    PriorityReason reason = PriorityReason::kLowestStage;
    std::optional<size_t> stage;  // for kLowestStage
};

inline constexpr size_t kSuggestedPriorities = 3;

// At most `how_many` elements, best first. Elements at the last stage are never suggested for
// their stage (there is nowhere further to go). Ties keep the pathway's order.
std::vector<Suggestion> suggest_priorities(std::span<const PriorityCandidate> candidates,
                                           size_t how_many = kSuggestedPriorities);

// "disagreement", "unsure", "lowest-stage": for message keys and views.
std::string_view priority_reason_id(PriorityReason reason);

// Action statuses, in the order a plan moves through them.
inline constexpr std::array<std::string_view, 4> kActionStatuses{"not-started", "in-progress",
                                                                 "done", "blocked"};
bool is_action_status(std::string_view status);

}  // namespace cbe::assessment
