// View models for the self-assessment pages, and its exports (CSV, JSON).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "assessment/answer.hpp"
#include "content/model.hpp"

namespace cbe::report {

namespace json = boost::json;

// What every assessment page knows about the assessment it shows.
struct AssessmentView {
    const content::Roadmap* roadmap = nullptr;
    const content::Audience* audience = nullptr;
    std::string token;  // the private resume token (in links on the page only); empty when the
                        // assessment is opened through its organization
    std::string base;   // where its pages live: "/a/<token>" or "/orgs/<id>/assessments/<id>"
    std::string label;
    std::string content_version;
    std::string created_at;
    std::string updated_at;
    const std::vector<assessment::Answer>* answers = nullptr;
};

// A form state to show again after a validation error, with nothing lost.
struct StepInput {
    std::string choice;
    std::string note;
    std::string error;  // empty when there is none
};

// The fields every assessment page shows: title, token, label, audience, version, saved time.
json::object page_header(const AssessmentView& view, const std::string& title);

json::object start_model(const content::Roadmap& roadmap, const std::string& audience_id,
                         const std::string& label, const std::string& error);
json::object overview_model(const AssessmentView& view);
// The page for one element of the pathway; `input` (when given) wins over the saved answer.
json::object step_model(const AssessmentView& view, const content::Element& element,
                        const StepInput* input);
json::object delete_model(const AssessmentView& view);
// The results page and the exports: report/results.hpp.

}  // namespace cbe::report
