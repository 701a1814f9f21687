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
// Pasted links that open nothing, per address within 10 minutes, before each further paste
// waits twice as long (RateLimit::may_guess).
inline constexpr int kFreeLinkMisses = 20;
inline constexpr std::chrono::minutes kLinkMissWindow{10};
// Earlier values kept per answer in its history (docs/assessment.md, "Answer history"): the
// newest; older ones go as new ones come, so saving one answer over and over stays bounded.
inline constexpr size_t kAnswerHistoryPerElement = 20;

struct OpenedAssessment {
    std::string token;  // empty when opened through the organization
    store::AssessmentRecord record;
    content::RoadmapPtr roadmap;  // the version it was made with
    const content::Audience* audience = nullptr;
    std::vector<assessment::Answer> answers;
    std::string organization_name;        // of the organization holding it; empty when none
    std::vector<assessment::Flag> flags;  // steps flagged for later (loaded with the answers)

    // Whether whoever opened it may change its answers: through the organization, or by a link
    // the organization has not made read-only.
    bool editable() const { return token.empty() || record.link_access != "read"; }
};

// What saving a step's form did.
enum class StepSaved {
    kAnswered,       // the choice is saved
    kSkipped,        // nothing chosen, nothing typed: nothing changed
    kFlagged,        // flagged for later, as asked (or it was, and its note is updated)
    kNoteKeptAsFlag  // nothing chosen but a note typed: kept by flagging the step
};

// An assessment this browser remembers, by its private link.
struct RememberedAssessment {
    std::string token;
    store::AssessmentRecord record;
    const content::Audience* audience = nullptr;  // null when its content version lacks it
    std::string organization_name;
};

// An organization's assessments, as one of its members sees them.
struct OrganizationAssessments {
    store::OrganizationRecord organization;
    std::vector<store::OrganizationAssessment> assessments;
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

    // kInvalidInput "assessment.audience-missing", a label key or
    // "assessment.school-year-invalid"; kRateLimited. `school_year` may be empty.
    [[nodiscard]] Result<StartedAssessment> start(std::string_view audience_id,
                                                  std::string_view label, const Caller& caller,
                                                  std::string_view school_year = {}) const;
    // By private link; kNotFound for an unknown one. Answers too unless `with_answers` is false.
    [[nodiscard]] Result<OpenedAssessment> open(std::string_view token,
                                                bool with_answers = true) const;
    // A link typed or pasted into the "open an assessment" form: as open() without answers,
    // but a link that opens nothing counts against the caller's address, which then waits
    // (kRateLimited) — the form is not a place to try links one after another.
    [[nodiscard]] Result<OpenedAssessment> open_pasted(std::string_view token,
                                                       const Caller& caller) const;
    [[nodiscard]] Result<void> load_answers(OpenedAssessment& assessment) const;
    // By id, with its answers, for a read-only share link its caller has checked
    // (PlanService::open_shared): never an edit path.
    [[nodiscard]] Result<OpenedAssessment> open_shared(long long assessment_id) const;
    // Through its organization, by a member whose role allows `action`; kNotFound otherwise.
    [[nodiscard]] Result<OpenedAssessment> open_in_organization(long long organization_id,
                                                                long long assessment_id,
                                                                const SignedIn& who,
                                                                access::Action action) const;
    // The assessments behind these private links, in the same order; links that open nothing
    // (deleted, mistyped) are left out.
    [[nodiscard]] Result<std::vector<RememberedAssessment>> remembered(
        const std::vector<std::string>& tokens) const;
    // Every assessment held by an organization the user belongs to, organization by organization.
    [[nodiscard]] Result<std::vector<OrganizationAssessments>> in_organizations(
        const SignedIn& who) const;
    // kNotFound when the element is not on its pathway; kInvalidInput (a key) for bad input;
    // kForbidden "assessment.read-only" by a link its organization made read-only.
    [[nodiscard]] Result<void> save_answer(const OpenedAssessment& assessment,
                                           const std::string& element_id, std::string_view choice,
                                           std::string_view note) const;
    // A step's form: the choice is saved; with none chosen the step is skipped, but a typed note
    // is kept by flagging the step (a flagged one stays flagged). `flag` flags the step for
    // later whatever is chosen. Errors as save_answer's.
    [[nodiscard]] Result<StepSaved> save_step(const OpenedAssessment& assessment,
                                              const std::string& element_id,
                                              std::string_view choice, std::string_view note,
                                              bool flag) const;
    // Removes the step's answer or flag (nothing to remove is fine); kNotFound when the element
    // is not on its pathway.
    [[nodiscard]] Result<void> clear_step(const OpenedAssessment& assessment,
                                          const std::string& element_id) const;
    // The school year it describes ("2026-27"; empty clears it): by a link that may edit, or
    // opened through its organization by a member allowed to add assessments there.
    // kInvalidInput "assessment.school-year-invalid"; kForbidden "assessment.read-only".
    [[nodiscard]] Result<void> set_school_year(const OpenedAssessment& assessment,
                                               std::string_view school_year) const;
    // By its private link: only while it belongs to no organization (kForbidden
    // "assessment.held-by-organization" after a move: then only the organization's owners may).
    [[nodiscard]] Result<void> may_remove_by_link(const OpenedAssessment& assessment) const;
    [[nodiscard]] Result<void> remove_by_link(const OpenedAssessment& assessment) const;
    // The organizations `who` may move it into from its private link: where they may add
    // assessments, and — once an organization holds it — only if they own that one.
    [[nodiscard]] Result<std::vector<store::MembershipRecord>> move_targets(
        const OpenedAssessment& assessment, const SignedIn& who) const;
    // Through the organization (owners), audited.
    [[nodiscard]] Result<void> remove_in_organization(const OpenedAssessment& assessment,
                                                      const SignedIn& who,
                                                      const Caller& caller) const;
    // Into `organization_id` (a member allowed to add assessments there). One that already
    // belongs to an organization moves only by an owner of that organization (kForbidden
    // "assessment.moved-already"); both roles are checked in the same statement as the move
    // (OrganizationRepository::move_assessment); audited on both sides. Moved out of an
    // organization, its share links end: they were given out for the organization that held it.
    [[nodiscard]] Result<void> move(const OpenedAssessment& assessment, long long organization_id,
                                    const SignedIn& who, const Caller& caller) const;
    // What the private link of an assessment opened through its organization may do: "edit",
    // "read", or "off" — ended for good: its token is replaced by one nobody holds, so whoever
    // kept the link (a removed member included) opens nothing; members still open it through
    // the organization (owners; kInvalidInput "assessment.link-access-unknown" for anything
    // else, kConflict "assessment.link-ended" once ended); audited.
    [[nodiscard]] Result<void> set_link_access(const OpenedAssessment& assessment,
                                               std::string_view link_access, const SignedIn& who,
                                               const Caller& caller) const;
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
