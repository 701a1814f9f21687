#include "assessment/priorities.hpp"

#include <gtest/gtest.h>

namespace cbe::assessment {
namespace {

PriorityCandidate placed(const std::string& id, size_t stage) {
    PriorityCandidate c;
    c.element_id = id;
    c.stage = stage;
    return c;
}

PriorityCandidate team(const std::string& id, std::array<size_t, content::kStageCount> per_stage,
                       size_t not_sure = 0) {
    Consensus counts;
    counts.per_stage = per_stage;
    counts.not_sure = not_sure;
    PriorityCandidate c;
    c.element_id = id;
    c.totals = summarize(counts);
    return c;
}

std::vector<std::string> ids(const std::vector<Suggestion>& s) {
    std::vector<std::string> out;
    out.reserve(s.size());
    for (const auto& x : s) out.push_back(x.element_id);
    return out;
}

}  // namespace

TEST(Priorities, LowestStagesFirstInPathwayOrderAndNeverTheLastStage) {
    std::vector<PriorityCandidate> c{placed("a", 2), placed("b", 0), placed("c", 3), placed("d", 1),
                                     placed("e", 0)};
    auto s = suggest_priorities(c);
    EXPECT_EQ(ids(s), (std::vector<std::string>{"b", "e", "d"}));
    EXPECT_EQ(s[0].reason, PriorityReason::kLowestStage);
    EXPECT_EQ(s[0].stage, 0u);
    // Only elements at the last stage: nothing to suggest.
    std::vector<PriorityCandidate> top{placed("x", 3), placed("y", 3)};
    EXPECT_TRUE(suggest_priorities(top).empty());
}

TEST(Priorities, UnsureAnswersComeBeforeStages) {
    std::vector<PriorityCandidate> c{placed("a", 0), placed("b", 1)};
    PriorityCandidate unsure;
    unsure.element_id = "u";
    unsure.not_sure = true;
    c.push_back(unsure);
    PriorityCandidate unanswered;
    unanswered.element_id = "none";
    c.push_back(unanswered);
    EXPECT_EQ(ids(suggest_priorities(c)), (std::vector<std::string>{"u", "a", "b"}));
    EXPECT_EQ(ids(suggest_priorities(c, 2)), (std::vector<std::string>{"u", "a"}));
}

TEST(Priorities, ATeamsWidestSplitFirstThenDontKnowClusters) {
    std::vector<PriorityCandidate> c{
        team("agreed", {0, 5, 1, 0}),
        team("narrow-split", {3, 0, 3, 0}),  // two camps, two stages apart
        team("wide-split", {3, 0, 0, 3}),    // two camps, three stages apart
        team("dont-know", {1, 1, 0, 0}, 2),  // 2 of 4 said "don't know"
        team("one-dont-know", {2, 2, 0, 0}, 1),
    };
    c[0].stage = 1;
    auto s = suggest_priorities(c);
    EXPECT_EQ(ids(s), (std::vector<std::string>{"wide-split", "narrow-split", "dont-know"}));
    EXPECT_EQ(s[0].reason, PriorityReason::kDisagreement);
    EXPECT_EQ(s[2].reason, PriorityReason::kUnsure);
    EXPECT_EQ(priority_reason_id(s[2].reason), "unsure");
}

TEST(Priorities, ActionStatuses) {
    for (auto status : {"not-started", "in-progress", "done", "blocked"}) {
        EXPECT_TRUE(is_action_status(status)) << status;
    }
    EXPECT_FALSE(is_action_status("Done"));
    EXPECT_FALSE(is_action_status(""));
}

}  // namespace cbe::assessment
