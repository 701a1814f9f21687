// Action plans and read-only share links as use cases (issue 12; docs/plans.md). A plan belongs to
// a self-assessment or to a closed team session's agreed placement. Who may change it: the holder
// of an assessment's private link (while the link may edit), and an organization's members (member
// role and above); viewers read. The page suggests priority elements and says why
// (assessment/priorities.hpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment/priorities.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "report/session_placement.hpp"
#include "service/assessment_service.hpp"
#include "service/audit.hpp"
#include "service/caller.hpp"
#include "service/content_library.hpp"
#include "service/organization_service.hpp"
#include "service/rate_limit.hpp"
#include "service/team_session_service.hpp"
#include "store/organization_repository.hpp"
#include "store/plan_repository.hpp"
#include "store/share_link_repository.hpp"

namespace cbe::service {

inline constexpr size_t kMaxPlanActions = 60;
inline constexpr size_t kMaxActionChars = 300;
inline constexpr size_t kMaxActionNotesChars = 1000;
inline constexpr size_t kMaxOwnerNameChars = 80;
inline constexpr size_t kMaxPriorities = 8;
inline constexpr size_t kMaxShareLinks = 20;  // working links per assessment or session
// Revoked links listed per assessment or session (older ones go when another is revoked, and
// all after a month: service/housekeeping.hpp), so making and revoking links adds no rows.
inline constexpr size_t kRevokedShareLinksListed = 20;
// Share links one account (or, without one, one client address) makes within an hour before
// each further one waits: making and revoking in a loop is slowed down (each is audited).
inline constexpr int kFreeShareLinksPerHour = 30;

// How a plan is reached: by an assessment's private link, by an organization's assessment, or
// by a team session. The service decides what the caller may do there.
struct PlanRef {
    enum class Kind { kLink, kOrganizationAssessment, kSession };
    Kind kind = Kind::kLink;
    std::string token;              // kLink
    long long organization_id = 0;  // kOrganizationAssessment
    long long id = 0;               // the assessment or the session
};

struct PlanPage {
    std::string title;  // the assessment's label or the session's title
    std::string organization_name;
    long long organization_id = 0;  // 0: an anonymous assessment
    std::string school_year;
    bool editable = false;
    bool session = false;     // a team session's agreed placement
    size_t participants = 0;  // a session's participants
    std::string placed_at;    // when it was placed: last saved, or the session's close (ISO)
    content::RoadmapPtr roadmap;
    content::Audience audience;  // the pathway (for a session, narrowed to its elements)
    std::vector<assessment::Answer> answers;       // answers, or the agreed stages
    std::vector<report::PlacementElement> totals;  // a session's totals per element
    store::PlanRecord plan;
    std::vector<assessment::Suggestion> suggestions;
    std::vector<store::MemberRecord> members;  // who may own an action; empty by private link
};

// The share links of a placement, for the page that lists, makes and revokes them.
struct SharePage {
    std::string title;
    bool session = false;
    bool editable = false;  // may make and revoke links (as for the plan)
    std::vector<store::ShareLinkRecord> links;
};

// What a share link opens, read-only: the results (an assessment's or a session's agreed
// placement) and the plan.
struct Shared {
    std::optional<OpenedAssessment> assessment;
    std::optional<Placement> placement;
    PlanPage plan;  // editable is false
};

// An action as typed in a form. `owner`: "" (none), "member:<user id>", or "name" with
// `owner_name` typed in.
struct ActionInput {
    std::string element_id;
    std::string description;  // one's own words; when empty, `move`
    std::string move;         // one of the element's moves in the content, word for word
    std::string owner;
    std::string owner_name;
    std::string due_date;  // YYYY-MM-DD or empty
    std::string target_stage;
    std::string status = "not-started";
    std::string notes;
};

class PlanService {
  public:
    struct Dependencies {
        std::shared_ptr<store::PlanRepository> plans;
        std::shared_ptr<store::ShareLinkRepository> shares;
        std::shared_ptr<store::OrganizationRepository> organization_records;
        std::shared_ptr<const AssessmentService> assessments;
        std::shared_ptr<const TeamSessionService> sessions;
        std::shared_ptr<const OrganizationService> organizations;
        std::shared_ptr<ContentLibrary> content;
        std::shared_ptr<const Auditor> auditor;  // null: nothing audited (tests)
        Clock clock = system_clock();
        std::shared_ptr<const RateLimit> limits;  // null: no limits (tests)
    };
    explicit PlanService(Dependencies d) : d_(std::move(d)) {}

    // `who` may be null (an anonymous visitor with a private link). kNotFound when the caller
    // may not see the subject.
    [[nodiscard]] Result<PlanPage> page(const PlanRef& ref, const SignedIn* who) const;
    // Every change: kForbidden "plan.read-only" when the caller may only read; kInvalidInput with
    // a message key for bad input (nothing is saved).
    [[nodiscard]] Result<void> set_priorities(const PlanRef& ref, const SignedIn* who,
                                              const std::vector<std::string>& element_ids) const;
    [[nodiscard]] Result<long long> add_action(const PlanRef& ref, const SignedIn* who,
                                               const ActionInput& input) const;
    [[nodiscard]] Result<void> update_action(const PlanRef& ref, const SignedIn* who,
                                             long long action_id, const ActionInput& input) const;
    [[nodiscard]] Result<void> delete_action(const PlanRef& ref, const SignedIn* who,
                                             long long action_id) const;
    // Share links: listed for whoever sees the placement; made and revoked by whoever may change
    // its plan — except by private link once an organization holds the assessment: publishing
    // the organization's placement, or ending the links its members gave out, is for members
    // (kForbidden "share.read-only"). A new link's token is returned once (only its hash is
    // kept). Made and revoked links of an organization's placement go to its audit log.
    [[nodiscard]] Result<SharePage> shares(const PlanRef& ref, const SignedIn* who) const;
    [[nodiscard]] Result<std::string> create_share(const PlanRef& ref, const SignedIn* who,
                                                   const Caller& caller) const;
    [[nodiscard]] Result<void> revoke_share(const PlanRef& ref, const SignedIn* who,
                                            long long share_id, const Caller& caller) const;
    // What a working share link opens; kNotFound for an unknown or revoked one.
    [[nodiscard]] Result<Shared> open_shared(std::string_view token) const;

    // Open actions of the organization's plans, for the next team session's review (any member).
    [[nodiscard]] Result<std::vector<store::OpenActionRecord>> open_actions(
        long long organization_id, const SignedIn& who) const;

  private:
    struct Subject;
    [[nodiscard]] Result<Subject> subject(const PlanRef& ref, const SignedIn* who) const;
    [[nodiscard]] Result<void> fill(PlanPage& page, const Placement& placed) const;
    [[nodiscard]] Result<store::ActionFields> validate(const Subject& subject,
                                                       const ActionInput& input) const;
    void audit_share(AuditEvent event, const Subject& subject, const SignedIn* who,
                     long long share_id, const Caller& caller) const;
    Dependencies d_;
};

// YYYY-MM-DD, a real calendar date.
bool is_calendar_date(std::string_view text);

}  // namespace cbe::service
