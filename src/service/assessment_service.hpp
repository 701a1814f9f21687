// Self-assessments as use cases: start one (rate-limited per address), open it by its private
// link or through its organization, save an answer, delete it, move it into an organization,
// and audit exports. Rules in docs/assessment.md and docs/accounts.md.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.hpp"
#include "assessment/answer.hpp"
#include "content/model.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "service/account_service.hpp"
#include "service/audit.hpp"
#include "service/caller.hpp"
#include "service/content_library.hpp"
#include "service/organization_service.hpp"
#include "service/rate_limit.hpp"
#include "store/assessment_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::service {

// New assessments per address: this many within the window cost nothing (one workshop room
// behind one address starts a few dozen).
inline constexpr int kFreeNewAssessments = 60;
inline constexpr std::chrono::hours kNewAssessmentWindow{1};

struct OpenedAssessment {
    std::string token;  // empty when opened through the organization
    store::AssessmentRecord record;
    content::RoadmapPtr roadmap;  // the version it was made with
    const content::Audience* audience = nullptr;
    std::vector<assessment::Answer> answers;
};

struct StartedAssessment {
    std::string token;
    std::string first_element;
};

class AssessmentService {
  public:
    struct Dependencies {
        std::shared_ptr<store::AssessmentRepository> assessments;
        std::shared_ptr<store::OrganizationRepository> organizations;
        std::shared_ptr<ContentLibrary> content;
        std::shared_ptr<const OrganizationService> organization_service;
        std::shared_ptr<const Auditor> auditor;
        std::shared_ptr<const RateLimit> limits;
        Clock clock = system_clock();
        int free_new_assessments = kFreeNewAssessments;
    };
    explicit AssessmentService(Dependencies d) : d_(std::move(d)) {}

    const content::Roadmap& current() const { return *d_.content->current(); }

    // kInvalidInput "assessment.audience-missing" or a label key; kRateLimited.
    [[nodiscard]] Result<StartedAssessment> start(std::string_view audience_id,
                                                  std::string_view label,
                                                  const Caller& caller) const;
    // By private link; kNotFound for an unknown one. Answers too unless `with_answers` is false.
    [[nodiscard]] Result<OpenedAssessment> open(std::string_view token,
                                                bool with_answers = true) const;
    [[nodiscard]] Result<void> load_answers(OpenedAssessment& assessment) const;
    // Through its organization, by a member whose role allows `action`; kNotFound otherwise.
    [[nodiscard]] Result<OpenedAssessment> open_in_organization(long long organization_id,
                                                                long long assessment_id,
                                                                const SignedIn& who,
                                                                access::Action action) const;
    // kNotFound when the element is not on its pathway; kInvalidInput (a key) for bad input.
    [[nodiscard]] Result<void> save_answer(const OpenedAssessment& assessment,
                                           const std::string& element_id, std::string_view choice,
                                           std::string_view note) const;
    // By its private link: only while it belongs to no organization (kForbidden
    // "assessment.held-by-organization" after a move: then only the organization's owners may).
    [[nodiscard]] Result<void> remove_by_link(const OpenedAssessment& assessment) const;
    // Through the organization (owners), audited.
    [[nodiscard]] Result<void> remove_in_organization(const OpenedAssessment& assessment,
                                                      const SignedIn& who,
                                                      const Caller& caller) const;
    // Into `organization_id` (a member allowed to add assessments there). One that already
    // belongs to an organization moves only by an owner of that organization (checked in the
    // same statement as the move); audited on both sides.
    [[nodiscard]] Result<void> move(const OpenedAssessment& assessment, long long organization_id,
                                    const SignedIn& who, const Caller& caller) const;
    // Audits a download of an organization's assessment (`how`: " as CSV").
    void audit_export(const OpenedAssessment& assessment, long long user_id, std::string_view how,
                      const Caller& caller) const;

  private:
    [[nodiscard]] Result<OpenedAssessment> opened(std::string token, store::AssessmentRecord record,
                                                  bool with_answers) const;
    Dependencies d_;
};

// "assessment 12 “Spring review”", for the audit log.
std::string assessment_name(const store::AssessmentRecord& record);

}  // namespace cbe::service
