// One self-assessment's results as typed data, built once: the results page, the CSV and the JSON
// export all render this, so they cannot disagree about an element (tests/unit/report/
// results_agree_test.cpp). Page-only fields (title, navigation, flags) are added by the page model.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/profile.hpp"
#include "core/message.hpp"
#include "report/assessment_models.hpp"

namespace cbe::report {

struct ElementOutcome {
    size_t step = 0;  // 1-based position on the pathway
    const content::Element* element = nullptr;
    const assessment::Answer* answer = nullptr;  // null when not answered
    std::optional<size_t> stage;                 // when placed at a stage
    std::optional<size_t> next_stage;            // the stage after it; none at the last stage
};

struct Results {
    const AssessmentView* view = nullptr;  // must outlive the results (they point into it)
    assessment::Profile profile;
    std::vector<ElementOutcome> elements;  // every element of the pathway, in order
    std::vector<assessment::NextStep> next_steps;
    std::vector<Message> summary;  // sentences as message codes (web/messages.cpp words them)
};

Results build_results(const AssessmentView& view);
Results build_results(AssessmentView&& view) = delete;

// The words for an answer: the stage's name, "Not sure", "Not applicable", or "Not answered yet".
std::string answer_label(const content::Roadmap& roadmap, const assessment::Answer* answer);
// The words for a stored choice id ("scaling" -> "Scaling", "not-sure" -> "Not sure"); an id
// that is not a choice comes back as given.
std::string choice_label(const content::Roadmap& roadmap, std::string_view choice_id);

// The results page's model, without the summary's words (the page layer adds them from
// `results.summary`).
json::object results_model(const Results& results);
std::string results_csv(const Results& results);
json::object results_json(const Results& results);

}  // namespace cbe::report
