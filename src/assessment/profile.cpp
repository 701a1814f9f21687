#include "assessment/profile.hpp"

#include <algorithm>
#include <map>

namespace cbe::assessment {

namespace {

// The lower median: with an even count, the lower of the two middle stages, so a profile never
// claims more progress than half the elements show (docs/assessment.md, "Profile").
std::optional<size_t> lower_median(const std::array<size_t, content::kStageCount>& per_stage) {
    size_t total = 0;
    for (size_t n : per_stage) total += n;
    if (total == 0) return std::nullopt;
    size_t position = (total - 1) / 2;
    for (size_t stage = 0; stage < per_stage.size(); ++stage) {
        if (position < per_stage[stage]) return stage;
        position -= per_stage[stage];
    }
    return std::nullopt;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Examples that show the element at the next stage first, then at any stage beyond the
// current one (docs/assessment.md, "Next steps").
std::vector<const content::Example*> matching_examples(const content::Roadmap& roadmap,
                                                       const std::string& element_id,
                                                       size_t current, size_t target) {
    std::vector<std::pair<int, const content::Example*>> ranked;
    for (const auto& example : roadmap.examples) {
        int best = -1;
        for (const auto& ill : example.illustrates) {
            if (ill.element_id != element_id) continue;
            for (const auto& stage_id : ill.stage_ids) {
                size_t s = *content::stage_index(stage_id);
                if (s == target)
                    best = std::max(best, 2);
                else if (s > current)
                    best = std::max(best, 1);
            }
        }
        if (best > 0) ranked.emplace_back(best, &example);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<const content::Example*> out;
    for (const auto& [rank, example] : ranked) {
        if (out.size() == kMaxExamples) break;
        out.push_back(example);
    }
    return out;
}

// Resources for the element at the target stage: those that also serve the audience first.
std::vector<const content::Resource*> matching_resources(const content::Roadmap& roadmap,
                                                         const std::string& element_id,
                                                         const std::string& audience_id,
                                                         size_t target) {
    const std::string stage_id(content::kStageIds[target]);
    std::vector<const content::Resource*> for_audience, others;
    for (const auto& r : roadmap.resources) {
        if (!contains(r.element_ids, element_id) || !contains(r.stage_ids, stage_id)) continue;
        (contains(r.audience_ids, audience_id) ? for_audience : others).push_back(&r);
    }
    for_audience.insert(for_audience.end(), others.begin(), others.end());
    if (for_audience.size() > kMaxResources) for_audience.resize(kMaxResources);
    return for_audience;
}

}  // namespace

Profile build_profile(const content::Roadmap& roadmap, const content::Audience& audience,
                      const std::vector<Answer>& answers) {
    Profile profile;
    std::array<size_t, content::kStageCount> overall{};
    for (const auto& area : roadmap.areas) {
        AreaProfile ap;
        ap.area = &area;
        for (const auto& id : audience.element_ids) {
            const content::Element* element = roadmap.element(id);
            if (!element || element->area != area.id) continue;
            ElementResult result{element, find_answer(answers, id)};
            ap.elements.push_back(result);
            ++profile.total;
            if (!result.answer) {
                profile.unanswered.push_back(result);
                continue;
            }
            ++profile.answered;
            const Choice& choice = result.answer->choice;
            if (choice.kind == ChoiceKind::kNotSure) profile.not_sure.push_back(result);
            if (choice.kind == ChoiceKind::kNotApplicable) profile.not_applicable.push_back(result);
            if (choice.is_stage()) {
                ++ap.per_stage[choice.stage];
                ++overall[choice.stage];
                ++ap.placed;
                ++profile.placed;
            }
        }
        if (ap.elements.empty()) continue;
        ap.typical_stage = lower_median(ap.per_stage);
        profile.areas.push_back(std::move(ap));
    }
    profile.typical_stage = lower_median(overall);
    return profile;
}

std::vector<NextStep> next_steps(const content::Roadmap& roadmap, const content::Audience& audience,
                                 const std::vector<Answer>& answers) {
    std::vector<NextStep> steps;
    for (const auto& id : audience.element_ids) {
        const content::Element* element = roadmap.element(id);
        const Answer* answer = find_answer(answers, id);
        if (!element || !answer || !answer->choice.is_stage()) continue;
        NextStep step;
        step.element = element;
        step.stage = answer->choice.stage;
        size_t target = step.stage;
        if (step.stage + 1 < content::kStageCount) {
            step.next_stage = step.stage + 1;
            step.moves = &element->moves[step.stage];
            target = step.stage + 1;
        }
        step.examples = matching_examples(roadmap, id, step.stage, target);
        step.resources = matching_resources(roadmap, id, audience.id, target);
        steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace cbe::assessment
