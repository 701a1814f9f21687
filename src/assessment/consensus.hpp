// A team's ratings of one element summed up: counts, the median stage, and whether they agree.
// The rule, its source and worked examples are in docs/team-sessions.md ("Agreement and
// disagreement"); tests/unit/assessment/consensus_test.cpp reads its examples from there.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "assessment/answer.hpp"
#include "content/model.hpp"

namespace cbe::assessment {

// One participant's rating of one element: a stage, "not sure" or "not applicable" (a Choice),
// or nullopt for someone who joined but did not answer, counted when the facilitator reveals
// with missing answers.
using Rating = std::optional<Choice>;

// kNeither: the ratings are too spread for agreement, but not split into two camps.
enum class Verdict { kAgreement, kDisagreement, kNeither, kTooFew };

// Below this many stage ratings the verdict is kTooFew: a third of two people is not a camp.
inline constexpr size_t kMinStageRatings = 3;
// The fewest people who must have answered (any choice) before an element's totals leave the
// server: with one rater the totals are that person's rating, with two the facilitator who
// rates too subtracts their own. A session may ask for more (docs/team-sessions.md, "Privacy").
inline constexpr size_t kMinRatersShown = 3;

struct Consensus {
    std::array<size_t, content::kStageCount> per_stage{};  // how many chose each stage
    size_t not_sure = 0;
    size_t not_applicable = 0;
    size_t no_rating = 0;
    size_t rated = 0;                    // chose a stage: the sum of per_stage
    std::optional<size_t> median_stage;  // the lower median of the stage ratings; none if none
    Verdict verdict = Verdict::kTooFew;

    // Everyone counted: stage ratings, not sure, not applicable and no rating.
    size_t total() const { return rated + not_sure + not_applicable + no_rating; }
    // The people who answered: everyone counted but those with no rating.
    size_t raters() const { return rated + not_sure + not_applicable; }
};

// Counts `ratings` and applies the rule. The order of the ratings never matters.
Consensus aggregate(std::span<const Rating> ratings);
// For a caller that has already counted (e.g. with SQL GROUP BY, so that individual ratings never
// leave the database): fills in `rated`, `median_stage` and `verdict` from the counts.
Consensus summarize(Consensus counts);

// The lower median of stage ratings given as counts per stage (docs/team-sessions.md).
std::optional<size_t> median_stage(const std::array<size_t, content::kStageCount>& per_stage);
// The verdict from counts per stage; not sure, not applicable and no rating never enter it.
Verdict verdict_for(const std::array<size_t, content::kStageCount>& per_stage);

// Whether `counts` may be shown to anyone: at least `minimum` raters, and never fewer than
// kMinRatersShown whatever `minimum` says. Those with no rating do not count: they chose nothing.
bool may_show(const Consensus& counts, size_t minimum);

// "agreement", "disagreement", "neither", "too-few": for views, exports and message keys.
std::string_view verdict_id(Verdict verdict);

}  // namespace cbe::assessment
