#include "report/sample_assessment.hpp"

#include <algorithm>
#include <string_view>

namespace cbe::report {

namespace {

struct SampleAnswer {
    std::string_view element_id;
    std::string_view choice;
    std::string_view note;
};

// A district part-way along: leadership and vision ahead, systems behind them, transcripts not
// yet its concern (it serves kindergarten to grade 8), and two honest "not sure"s.
constexpr SampleAnswer kSample[] = {
    {"conditions.leadership-vision", "scaling",
     "The board adopted a five-year plan for competency-based learning last spring."},
    {"conditions.graduate-profile", "scaling", ""},
    {"policy.credit-flexibility", "developing", ""},
    {"tech.mastery-tracking", "developing",
     "Two pilot schools record mastery in the learning platform; the student information "
     "system still records grades by course."},
    {"tech.assessment-systems", "developing", ""},
    {"tech.data-dashboards", "entry", ""},
    {"tech.learning-environments", "developing", ""},
    {"tech.credentials-transcripts", "not-applicable", "We serve kindergarten to grade 8."},
    {"tech.interoperability", "not-sure",
     "Ask the technology director which systems exchange rosters and results automatically."},
    {"tech.infrastructure-access", "scaling", ""},
    {"policy.assessment-accountability", "developing", ""},
    {"policy.anytime-learning", "entry", ""},
    {"policy.student-privacy", "scaling", ""},
    {"policy.ai-guidance", "entry", "A working group starts in January."},
    {"policy.procurement", "developing", ""},
    {"policy.funding", "not-sure", "The pilot runs on a grant that ends in two years."},
    {"policy.digital-equity", "developing", ""},
    {"conditions.professional-learning", "developing", ""},
    {"conditions.culture", "developing", ""},
    {"conditions.stakeholder-engagement", "scaling", ""},
    {"conditions.continuous-improvement", "developing", ""},
    {"conditions.sustainability", "entry", ""},
};

constexpr std::string_view kSampleAudience = "district";

}  // namespace

SampleAssessment sample_assessment(const content::Roadmap& roadmap) {
    SampleAssessment out;
    out.label = "Riverbend School District (an imaginary example)";
    out.audience = roadmap.audience(std::string(kSampleAudience));
    if (!out.audience && !roadmap.audiences.empty()) out.audience = &roadmap.audiences.front();
    if (!out.audience) return out;
    for (const auto& a : kSample) {
        auto choice = assessment::Choice::parse(a.choice);
        const auto& path = out.audience->element_ids;
        bool on_path = std::find(path.begin(), path.end(), a.element_id) != path.end();
        if (!choice || !on_path) continue;
        out.answers.push_back({std::string(a.element_id), *choice, std::string(a.note)});
    }
    return out;
}

AssessmentView SampleAssessment::view(const content::Roadmap& roadmap) const {
    AssessmentView v;
    v.roadmap = &roadmap;
    v.audience = audience;
    v.base = "/sample";
    v.label = label;
    v.content_version = roadmap.version;
    v.answers = &answers;
    v.sample = true;
    return v;
}

}  // namespace cbe::report
