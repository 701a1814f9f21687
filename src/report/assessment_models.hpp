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
    std::string organization_name;  // of the organization holding it; empty when none
    std::string organization_path;  // "/orgs/<id>" when opened through it; empty otherwise
    bool read_only = false;         // opened by a link its organization made read-only
    bool sample = false;            // the sample results page (/sample): nothing to change
    std::string school_year;        // the school year it describes; empty when not given
    const std::vector<assessment::Flag>* flags = nullptr;  // steps flagged for later; null: none
};

// What an assessment is called on pages: its label, or, unnamed, its pathway and the day it
// was started ("District and school leadership assessment, 27 November 2026").
std::string display_name(const std::string& label, const content::Audience* audience,
                         const std::string& created_at);

// A form state to show again after a validation error, with nothing lost.
struct StepInput {
    std::string choice;
    std::string note;
    std::string error;  // empty when there is none
    std::string field;  // the field it concerns: "choice" or "note"
};

// The fields every assessment page shows: title, token, label, audience, version, saved time.
json::object page_header(const AssessmentView& view, const std::string& title);

json::object start_model(const content::Roadmap& roadmap, const std::string& audience_id,
                         const std::string& label, const std::string& error);
json::object overview_model(const AssessmentView& view);
// The page for one element of the pathway; `input` (when given) wins over the saved answer.
// `notice` is said above the form (after a skip, a flag or a clear).
json::object step_model(const AssessmentView& view, const content::Element& element,
                        const StepInput* input, const std::string& notice = "");
json::object delete_model(const AssessmentView& view);
// The results page and the exports: report/results.hpp.

}  // namespace cbe::report
