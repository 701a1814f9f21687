// Organizations as use cases: what a member sees of one, invitation links, changing roles and
// removing members, and the audit log. Access is decided by access::allowed and nowhere else;
// a refusal is the same kNotFound as a missing organization, so outsiders learn nothing.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/policy.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "service/account_service.hpp"
#include "service/audit.hpp"
#include "service/caller.hpp"
#include "service/mail_outbox.hpp"
#include "service/placement_history.hpp"
#include "service/rate_limit.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::service {

struct OrganizationOverview {
    store::OrganizationRecord organization;
    access::Role role = access::Role::kViewer;  // the reader's
    std::vector<store::MemberRecord> members;
    std::vector<store::OrganizationAssessment> assessments;
    std::optional<store::OrganizationRecord> parent;
    std::vector<store::OrganizationRecord> children;
    std::vector<store::OpenInvitation> invitations;  // owners only
    std::set<long long> reader_organizations;        // where the reader is a member too
    std::vector<store::TeamSessionRecord> sessions;  // its team sessions, newest first
    std::vector<PlacementSummary> placements;        // over time, newest school year first
};

struct AuditPage {
    store::OrganizationRecord organization;
    std::vector<store::LoggedEvent> events;
    long long older = 0;  // the id to page from, 0 when there is no older page
};

inline constexpr int kAuditPageSize = 50;

// An organization someone signed in creates on the web (organization_creation.cpp).
struct NewOrganization {
    std::string name;
    std::string kind;
    long long parent_id = 0;  // 0: none; else one the creator owns
};
inline constexpr size_t kMaxOrganizationNameChars = 120;
// Trimmed; one line of visible text (text::TextShape::kLine), at most the limit above.
[[nodiscard]] Result<std::string> validate_organization_name(std::string_view input);
// Organizations one account may create, and invitations it may email, within an hour before
// each further one waits (RateLimit::attempt).
inline constexpr int kFreeOrganizationsPerHour = 10;
inline constexpr int kFreeInvitationEmailsPerHour = 30;
// Invitation emails from one client address (whoever is signed in there) within an hour before
// each further one waits; and to one inbox within an hour, from anyone (then none until the hour
// has passed): many accounts cannot flood one inbox or use the site to send mail in bulk.
inline constexpr int kFreeInvitationEmailsPerAddressPerHour = 60;
inline constexpr int kInvitationEmailsPerInboxPerHour = 3;
// The same for organizations made from one client address (whoever is signed in there).
inline constexpr int kFreeOrganizationsPerAddressPerHour = 20;
// Open (unused, unexpired) invitation links one organization holds at once; revoked links are
// deleted and expired ones purged (service/housekeeping.hpp). And links one account makes
// within an hour before each further one waits: making and revoking in a loop is slowed down.
inline constexpr size_t kMaxOpenInvitations = 50;
inline constexpr int kFreeInvitationsPerHour = 60;

// A new invitation link, and whether it was queued to be emailed (`email_failed`: asked for, but
// the outbox was full).
struct Invited {
    std::string token;
    std::string email;
    bool emailed = false;
    bool email_failed = false;
};

class OrganizationService {
  public:
    struct Dependencies {
        std::shared_ptr<store::AccountRepository> accounts;
        std::shared_ptr<store::OrganizationRepository> organizations;
        std::shared_ptr<store::TeamSessionRepository> sessions;
        std::shared_ptr<const Auditor> auditor;
        Clock clock = system_clock();
        // Anyone signed in may create organizations (else only operators, on the command line).
        bool anyone_may_create = true;
        std::shared_ptr<const RateLimit> limits;  // null: no limits (tests)
        std::shared_ptr<MailOutbox> outbox;       // null: email is not configured
    };
    explicit OrganizationService(Dependencies d) : d_(std::move(d)) {}

    bool may_create() const { return d_.anyone_may_create; }
    bool can_email() const { return d_.outbox != nullptr; }
    // Where `who` may put a new organization: the ones they own.
    [[nodiscard]] Result<std::vector<store::OrganizationRecord>> parent_choices(
        const SignedIn& who) const;
    // Creates it with `who` as its owner; returns its id. kForbidden
    // "organization.creation-closed" when only operators create organizations; kInvalidInput
    // (name, kind, or a parent they do not own); kRateLimited.
    [[nodiscard]] Result<long long> create(const NewOrganization& input, const SignedIn& who,
                                           const Caller& caller) const;

    // The user's role there when it allows `action`; kNotFound otherwise.
    [[nodiscard]] Result<access::Role> role_allowing(long long organization_id, long long user_id,
                                                     access::Action action) const;
    // An organization's name, to show on its invitation page.
    [[nodiscard]] Result<std::string> name_of(long long organization_id) const;
    [[nodiscard]] Result<OrganizationOverview> overview(long long organization_id,
                                                        const SignedIn& who) const;
    // Where the user may move an assessment they hold the link of.
    [[nodiscard]] Result<std::vector<store::MembershipRecord>> move_targets(
        const SignedIn& who) const;

    // A new invitation link (owners): kInvalidInput without a role or with a bad email;
    // kConflict "invitation.too-many" at kMaxOpenInvitations open ones; kRateLimited. With
    // an `email` (and email configured) the link is queued to be emailed there (MailOutbox,
    // off the request; Invited::email_failed when the outbox is full); the page shows the link
    // to copy either way. The inbox's hourly share is counted only once the link is made.
    [[nodiscard]] Result<Invited> invite(long long organization_id, const SignedIn& who,
                                         std::optional<access::Role> role, std::string_view email,
                                         const Caller& caller) const;
    // kConflict "invitation.revoked-already" when it was used or revoked meanwhile.
    [[nodiscard]] Result<void> revoke(long long organization_id, long long invitation_id,
                                      const SignedIn& who, const Caller& caller) const;
    // kConflict "organization.last-owner" when it would leave no owner. The member's open links
    // that grant more than their new role are revoked with the change.
    [[nodiscard]] Result<void> change_role(long long organization_id, long long user_id,
                                           std::optional<access::Role> role, const SignedIn& who,
                                           const Caller& caller) const;
    [[nodiscard]] Result<void> remove(long long organization_id, long long user_id,
                                      const SignedIn& who, const Caller& caller) const;
    // Entries older than `before` (0: the newest page).
    [[nodiscard]] Result<AuditPage> audit_log(long long organization_id, long long before,
                                              const SignedIn& who) const;

  private:
    // The normalized address to email an invitation to ("" for none): kInvalidInput when it is
    // not an address or email is off, kRateLimited when `who`, or the caller's address, emails
    // too many.
    [[nodiscard]] Result<std::string> invitation_address(std::string_view email,
                                                         const SignedIn& who,
                                                         const Caller& caller) const;
    // Counts one invitation email to `address` (normalized): kRateLimited when that inbox was
    // sent its share of invitations this hour, from anyone.
    [[nodiscard]] Result<void> inbox_has_room(const std::string& address) const;
    Dependencies d_;
};

}  // namespace cbe::service
