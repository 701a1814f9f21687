// The sample self-assessment behind /sample: the answers of an imaginary K–8 district, so a
// visitor sees a real results page (rendered by the same build_results) before starting one.
#pragma once

#include <string>
#include <vector>

#include "assessment/answer.hpp"
#include "content/model.hpp"
#include "report/assessment_models.hpp"

namespace cbe::report {

struct SampleAssessment {
    const content::Audience* audience = nullptr;  // the district pathway (or the first one)
    std::vector<assessment::Answer> answers;      // only elements on that pathway
    std::string label;

    // The read-only view of it; `this` must outlive the view.
    AssessmentView view(const content::Roadmap& roadmap) const;
};

// Null audience when the roadmap has no pathways. Answers for elements an edited roadmap no
// longer has are left out, so the sample always renders (a unit test checks the bundled
// content keeps every one).
SampleAssessment sample_assessment(const content::Roadmap& roadmap);

}  // namespace cbe::report
