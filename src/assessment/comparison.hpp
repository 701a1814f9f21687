// Two placements of one organization side by side — an earlier and a later one, each a
// self-assessment or a team session's agreed placement — element by element and area by area:
// moved up, moved down, the same, or not comparable (and why). The rules are in
// docs/assessment.md ("Comparing two placements").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/answer.hpp"
#include "content/model.hpp"

namespace cbe::assessment {

// What one placement says, in the content version it was made with.
struct Placement {
    const content::Roadmap* roadmap = nullptr;
    std::vector<std::string> element_ids;   // what it covered, in order (a pathway, a session)
    std::vector<Answer> answers;            // a session's agreed stages are stage answers
    std::vector<std::string> no_agreement;  // a session's elements the team did not agree on
};

enum class Movement { kUp, kDown, kSame, kNotComparable };

// Where one placement stands on one element; only kStage carries a stage.
enum class Standing {
    kStage,
    kNotSure,
    kNotApplicable,
    kNoAgreement,   // a team session recorded "no agreement"
    kUnanswered,    // covered, but not answered (or not decided) yet
    kNotIncluded,   // the element exists in its content version but was not on its pathway
    kNotInVersion,  // its content version has no element with this id
};

struct Side {
    Standing standing = Standing::kUnanswered;
    std::optional<size_t> stage;  // index into content::kStageIds when kStage
};

struct ElementChange {
    std::string element_id;
    const content::Element* element = nullptr;  // the later version's when it has it
    std::string area_id;
    Side then, now;
    Movement movement = Movement::kNotComparable;
    int steps = 0;  // stages moved (negative: down); 0 unless comparable
};

struct AreaChange {
    std::string area_id;
    const content::Area* area = nullptr;  // the later version's when it has it
    // The typical stage (the lower median, as on the results page) in each placement; none when
    // the placement put none of the area's elements at a stage.
    std::optional<size_t> then, now;
    Movement movement = Movement::kNotComparable;
    size_t up = 0, down = 0, same = 0, not_comparable = 0;  // its elements
};

struct Comparison {
    std::vector<AreaChange> areas;        // the later version's area order, then any others
    std::vector<ElementChange> elements;  // grouped by area in that order, pathway order within
    size_t up = 0, down = 0, same = 0, not_comparable = 0;
    bool versions_differ = false;
};

// `then` is the earlier placement, `now` the later one. Elements are matched by id across
// content versions; an element either placement did not cover is listed, not comparable.
Comparison compare(const Placement& then, const Placement& now);

// "up", "down", "same", "not-comparable": for views and message keys.
std::string_view movement_id(Movement movement);
// "stage", "not-sure", "not-applicable", "no-agreement", "unanswered", "not-included",
// "not-in-version".
std::string_view standing_id(Standing standing);

}  // namespace cbe::assessment
