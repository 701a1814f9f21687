#include "assessment/comparison.hpp"

#include <algorithm>

#include "assessment/profile.hpp"

namespace cbe::assessment {

namespace {

bool contains(const std::vector<std::string>& ids, std::string_view id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Side side_of(const Placement& p, const std::string& element_id) {
    if (!p.roadmap->element(element_id)) return {Standing::kNotInVersion, std::nullopt};
    if (!contains(p.element_ids, element_id)) return {Standing::kNotIncluded, std::nullopt};
    if (contains(p.no_agreement, element_id)) return {Standing::kNoAgreement, std::nullopt};
    const Answer* answer = find_answer(p.answers, element_id);
    if (!answer) return {Standing::kUnanswered, std::nullopt};
    switch (answer->choice.kind) {
        case ChoiceKind::kStage:
            return {Standing::kStage, answer->choice.stage};
        case ChoiceKind::kNotSure:
            return {Standing::kNotSure, std::nullopt};
        case ChoiceKind::kNotApplicable:
            return {Standing::kNotApplicable, std::nullopt};
    }
    return {Standing::kUnanswered, std::nullopt};
}

Movement movement_between(const std::optional<size_t>& then, const std::optional<size_t>& now) {
    if (!then || !now) return Movement::kNotComparable;
    if (*now > *then) return Movement::kUp;
    if (*now < *then) return Movement::kDown;
    return Movement::kSame;
}

// The typical stage per area of one placement, computed as the results page does.
std::vector<std::pair<std::string, std::optional<size_t>>> typical_stages(const Placement& p) {
    content::Audience covered;  // the placement's elements, as a pathway
    covered.element_ids = p.element_ids;
    Profile profile = build_profile(*p.roadmap, covered, p.answers);
    std::vector<std::pair<std::string, std::optional<size_t>>> out;
    for (const auto& area : profile.areas) out.emplace_back(area.area->id, area.typical_stage);
    return out;
}

std::optional<size_t> typical_in(
    const std::vector<std::pair<std::string, std::optional<size_t>>>& typical,
    const std::string& area_id) {
    for (const auto& [id, stage] : typical) {
        if (id == area_id) return stage;
    }
    return std::nullopt;
}

// Every element either placement covered: the later one's order first, then the earlier's.
std::vector<std::string> element_union(const Placement& then, const Placement& now) {
    std::vector<std::string> ids = now.element_ids;
    for (const auto& id : then.element_ids) {
        if (!contains(ids, id)) ids.push_back(id);
    }
    return ids;
}

// Area ids in the later version's order, then any only the earlier version has.
std::vector<std::string> area_order(const Placement& then, const Placement& now) {
    std::vector<std::string> ids;
    for (const auto* roadmap : {now.roadmap, then.roadmap}) {
        for (const auto& area : roadmap->areas) {
            if (!contains(ids, area.id)) ids.push_back(area.id);
        }
    }
    return ids;
}

void count(Movement movement, size_t& up, size_t& down, size_t& same, size_t& other) {
    switch (movement) {
        case Movement::kUp:
            ++up;
            break;
        case Movement::kDown:
            ++down;
            break;
        case Movement::kSame:
            ++same;
            break;
        case Movement::kNotComparable:
            ++other;
            break;
    }
}

}  // namespace

Comparison compare(const Placement& then, const Placement& now) {
    Comparison out;
    out.versions_differ = then.roadmap->version != now.roadmap->version;
    std::vector<ElementChange> changes;
    for (const auto& id : element_union(then, now)) {
        ElementChange change;
        change.element_id = id;
        const content::Element* later = now.roadmap->element(id);
        change.element = later ? later : then.roadmap->element(id);
        change.area_id = change.element ? change.element->area : "";
        change.then = side_of(then, id);
        change.now = side_of(now, id);
        change.movement = movement_between(change.then.stage, change.now.stage);
        if (change.movement != Movement::kNotComparable) {
            change.steps =
                static_cast<int>(*change.now.stage) - static_cast<int>(*change.then.stage);
        }
        changes.push_back(std::move(change));
    }
    auto typical_then = typical_stages(then), typical_now = typical_stages(now);
    for (const auto& area_id : area_order(then, now)) {
        AreaChange area;
        area.area_id = area_id;
        const content::Area* later = now.roadmap->area(area_id);
        area.area = later ? later : then.roadmap->area(area_id);
        for (auto& change : changes) {
            if (change.area_id != area_id) continue;
            count(change.movement, area.up, area.down, area.same, area.not_comparable);
            count(change.movement, out.up, out.down, out.same, out.not_comparable);
            out.elements.push_back(change);
        }
        if (area.up + area.down + area.same + area.not_comparable == 0) continue;
        area.then = typical_in(typical_then, area_id);
        area.now = typical_in(typical_now, area_id);
        area.movement = movement_between(area.then, area.now);
        out.areas.push_back(std::move(area));
    }
    return out;
}

std::string_view movement_id(Movement movement) {
    switch (movement) {
        case Movement::kUp:
            return "up";
        case Movement::kDown:
            return "down";
        case Movement::kSame:
            return "same";
        case Movement::kNotComparable:
            return "not-comparable";
    }
    return "not-comparable";
}

std::string_view standing_id(Standing standing) {
    switch (standing) {
        case Standing::kStage:
            return "stage";
        case Standing::kNotSure:
            return "not-sure";
        case Standing::kNotApplicable:
            return "not-applicable";
        case Standing::kNoAgreement:
            return "no-agreement";
        case Standing::kUnanswered:
            return "unanswered";
        case Standing::kNotIncluded:
            return "not-included";
        case Standing::kNotInVersion:
            return "not-in-version";
    }
    return "unanswered";
}

}  // namespace cbe::assessment
