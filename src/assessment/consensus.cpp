#include "assessment/consensus.hpp"

#include <algorithm>
#include <numeric>

namespace cbe::assessment {

namespace {

using Counts = std::array<size_t, content::kStageCount>;

// Stage ratings at stage `from` up to and including stage `to`.
size_t between(const Counts& per_stage, size_t from, size_t to) {
    size_t n = 0;
    for (size_t stage = from; stage <= to; ++stage) n += per_stage[stage];
    return n;
}

}  // namespace

std::optional<size_t> median_stage(const Counts& per_stage) {
    size_t total = std::accumulate(per_stage.begin(), per_stage.end(), size_t{0});
    if (total == 0) return std::nullopt;
    // With an even count, the lower of the two middle stages: a stage is a category, not a
    // number, so there is no "Developing and a half"; and taking the lower one never claims more
    // progress than half of the team sees, as the self-assessment's typical stage does
    // (docs/assessment.md, "Profile").
    size_t position = (total - 1) / 2;
    for (size_t stage = 0; stage < per_stage.size(); ++stage) {
        if (position < per_stage[stage]) return stage;
        position -= per_stage[stage];
    }
    return std::nullopt;  // unreachable: position < total
}

Verdict verdict_for(const Counts& per_stage) {
    const size_t n = std::accumulate(per_stage.begin(), per_stage.end(), size_t{0});
    if (n < kMinStageRatings) return Verdict::kTooFew;
    // Agreement: at least three quarters of the stage ratings on one stage or on two
    // neighbouring stages (integer arithmetic: 4 × in-band ≥ 3 × n, no rounding).
    for (size_t stage = 0; stage + 1 < per_stage.size(); ++stage) {
        if (4 * between(per_stage, stage, stage + 1) >= 3 * n) return Verdict::kAgreement;
    }
    // Disagreement: two camps of at least a third each, with at least one whole stage between
    // them: a third at or below some stage and a third at or above the stage two higher.
    for (size_t stage = 0; stage + 2 < per_stage.size(); ++stage) {
        size_t low = between(per_stage, 0, stage);
        size_t high = between(per_stage, stage + 2, per_stage.size() - 1);
        if (3 * low >= n && 3 * high >= n) return Verdict::kDisagreement;
    }
    return Verdict::kNeither;
}

Consensus summarize(Consensus counts) {
    counts.rated = std::accumulate(counts.per_stage.begin(), counts.per_stage.end(), size_t{0});
    counts.median_stage = median_stage(counts.per_stage);
    counts.verdict = verdict_for(counts.per_stage);
    return counts;
}

Consensus aggregate(std::span<const Rating> ratings) {
    Consensus counts;
    for (const Rating& rating : ratings) {
        if (!rating) {
            ++counts.no_rating;
            continue;
        }
        switch (rating->kind) {
            case ChoiceKind::kStage:
                // A Choice made by Choice::parse is always in range; anything else is ignored
                // rather than written out of bounds.
                if (rating->stage < counts.per_stage.size()) ++counts.per_stage[rating->stage];
                break;
            case ChoiceKind::kNotSure:
                ++counts.not_sure;
                break;
            case ChoiceKind::kNotApplicable:
                ++counts.not_applicable;
                break;
        }
    }
    return summarize(counts);
}

bool may_show(const Consensus& counts, size_t minimum) {
    return counts.raters() >= std::max(minimum, kMinRatersShown);
}

std::string_view verdict_id(Verdict verdict) {
    switch (verdict) {
        case Verdict::kAgreement:
            return "agreement";
        case Verdict::kDisagreement:
            return "disagreement";
        case Verdict::kNeither:
            return "neither";
        case Verdict::kTooFew:
            return "too-few";
    }
    return "too-few";
}

}  // namespace cbe::assessment
