#include "assessment/priorities.hpp"

#include <algorithm>

namespace cbe::assessment {

namespace {

// How far apart the team's stage ratings are: the highest stage chosen minus the lowest.
size_t spread(const Consensus& c) {
    size_t low = content::kStageCount;
    size_t high = 0;
    for (size_t i = 0; i < content::kStageCount; ++i) {
        if (c.per_stage[i] == 0) continue;
        low = std::min(low, i);
        high = std::max(high, i);
    }
    return low == content::kStageCount ? 0 : high - low;
}

bool team_unsure(const Consensus& c) { return c.not_sure >= 2 && c.not_sure * 3 >= c.total(); }

struct Ranked {
    Suggestion suggestion;
    size_t order = 0;  // within the reason: smaller first
    size_t position = 0;
};

}  // namespace

std::vector<Suggestion> suggest_priorities(std::span<const PriorityCandidate> candidates,
                                           size_t how_many) {
    std::vector<Ranked> ranked;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = candidates[i];
        if (c.totals && c.totals->verdict == Verdict::kDisagreement) {
            // The widest split first.
            ranked.push_back({{c.element_id, PriorityReason::kDisagreement, c.stage},
                              content::kStageCount - spread(*c.totals),
                              i});
        } else if (c.not_sure || (c.totals && team_unsure(*c.totals))) {
            ranked.push_back({{c.element_id, PriorityReason::kUnsure, c.stage}, 0, i});
        } else if (c.stage && *c.stage + 1 < content::kStageCount) {
            ranked.push_back({{c.element_id, PriorityReason::kLowestStage, c.stage}, *c.stage, i});
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        if (a.suggestion.reason != b.suggestion.reason) {
            return a.suggestion.reason < b.suggestion.reason;
        }
        if (a.order != b.order) return a.order < b.order;
        return a.position < b.position;
    });
    std::vector<Suggestion> out;
    for (const auto& r : ranked) {
        if (out.size() == how_many) break;
        out.push_back(r.suggestion);
    }
    return out;
}

std::string_view priority_reason_id(PriorityReason reason) {
    switch (reason) {
        case PriorityReason::kDisagreement:
            return "disagreement";
        case PriorityReason::kUnsure:
            return "unsure";
        case PriorityReason::kLowestStage:
            return "lowest-stage";
    }
    return "";
}

bool is_action_status(std::string_view status) {
    return std::find(kActionStatuses.begin(), kActionStatuses.end(), status) !=
           kActionStatuses.end();
}

}  // namespace cbe::assessment
