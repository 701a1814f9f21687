// Organizations, memberships with roles, and the assessments that belong to an organization.
// SQL beside it.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.hpp"
#include "core/result.hpp"
#include "store/account_repository.hpp"
#include "store/database.hpp"

namespace cbe::store {

// The organization kinds are the domain's (access/policy.hpp); named here for the SQL beside it.
using access::is_organization_kind;
using access::kOrganizationKinds;

struct OrganizationRecord {
    long long id = 0;
    std::string name;
    std::string kind;         // state | district | school | network
    long long parent_id = 0;  // 0: none
};

struct MemberRecord {
    long long user_id = 0;
    std::string name;
    std::string email;
    access::Role role = access::Role::kViewer;
};

struct MembershipRecord {
    OrganizationRecord organization;
    access::Role role = access::Role::kViewer;
};

struct InvitationRecord {
    long long organization_id = 0;
    access::Role role = access::Role::kViewer;
    std::string expires_at;
    bool accepted = false;
};

struct OpenInvitation {
    long long id = 0;
    access::Role role = access::Role::kViewer;
    std::string made_by;  // the owner's name, or empty (made from the command line)
    std::string created_at;
    std::string expires_at;
};

struct OrganizationAssessment {
    long long id = 0;
    std::string label;
    std::string audience;
    std::string updated_at;
    std::string school_year;  // empty when not given
    std::string created_at;
    std::string content_version;
};

class OrganizationRepository {
  public:
    explicit OrganizationRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // kInvalidInput for an unknown kind or parent.
    [[nodiscard]] Result<OrganizationRecord> create(const std::string& name,
                                                    const std::string& kind, long long parent_id,
                                                    const std::string& now);
    // An organization made on the web by `owner_id`, who becomes its owner in the same
    // transaction. kInvalidInput for an unknown kind; the caller checks the parent.
    [[nodiscard]] Result<OrganizationRecord> create_owned(const std::string& name,
                                                          const std::string& kind,
                                                          long long parent_id, long long owner_id,
                                                          const std::string& now);
    [[nodiscard]] Result<OrganizationRecord> find(long long id);  // kNotFound when absent
    // The organizations directly under this one (schools of a district…), by name.
    [[nodiscard]] Result<std::vector<OrganizationRecord>> children(long long id);
    // Adds the user, or changes their role when they are already a member (their open
    // invitation links above the new role are revoked with the change, as below). kConflict when
    // it would lower the last owner.
    [[nodiscard]] Result<void> set_member(long long organization_id, long long user_id,
                                          access::Role role, const std::string& now);
    // Changes a member's role, or removes them. kNotFound when they are not a member;
    // kConflict when it would leave the organization without an owner (checked in the same
    // statement as the change, so two owners demoting each other cannot both succeed). In the
    // same transaction, the member's open invitation links that grant more than they now hold
    // (all of them, on removal) are revoked: nobody returns through a link they made.
    [[nodiscard]] Result<void> change_role(long long organization_id, long long user_id,
                                           access::Role role);
    // Removing also revokes the read-only share links they made of the organization's
    // placements (its assessments and team sessions), as of `now`.
    [[nodiscard]] Result<RevokedLinks> remove_member(long long organization_id, long long user_id,
                                                     const std::string& now);
    // The user's role, or nullopt when not a member.
    [[nodiscard]] Result<std::optional<access::Role>> role_of(long long organization_id,
                                                              long long user_id);
    [[nodiscard]] Result<std::vector<MembershipRecord>> memberships_of(long long user_id);
    [[nodiscard]] Result<std::vector<MemberRecord>> members(long long organization_id);
    [[nodiscard]] Result<std::vector<OrganizationAssessment>> assessments(
        long long organization_id);
    [[nodiscard]] Result<void> adopt_assessment(long long organization_id, long long assessment_id);
    // Moves an assessment from organization `from` (0: none) to `to` on behalf of `user_id`, only
    // if it is still held by `from`, the user's role in `from` (when not 0) allows deleting its
    // assessments (owners) and their role in `to` allows adding them — all checked in the same
    // statement as the move, so neither a move meanwhile nor a role lowered meanwhile is
    // missed. kConflict when it is not in `from` (anymore); kForbidden when a role does not
    // allow it. Out of an organization, its working share links are revoked (as of `now`) in
    // the same transaction; returns how many.
    [[nodiscard]] Result<long long> move_assessment(long long assessment_id, long long from,
                                                    long long to, long long user_id,
                                                    const std::string& now);

    // Returns the new invitation's id. `email`: where it was emailed (empty: a copied link).
    // `max_open` (0: no limit): kConflict "invitation.too-many" when the organization already
    // has that many open invitations at `now` (counted after the insert, in its transaction,
    // which rolls back: concurrent calls stop exactly at the cap).
    [[nodiscard]] Result<long long> create_invitation(const std::string& token_hash,
                                                      long long organization_id, access::Role role,
                                                      long long created_by, const std::string& now,
                                                      const std::string& expires_at,
                                                      const std::string& email = "",
                                                      size_t max_open = 0);
    // Housekeeping: deletes invitations (used or not) that expired before `before`.
    [[nodiscard]] Result<void> purge_invitations(const std::string& before);
    // Invitations of the organization not yet used nor expired at `now`, newest first (at most
    // 100), and revoking one: kNotFound when it is not an open invitation of this organization.
    [[nodiscard]] Result<std::vector<OpenInvitation>> open_invitations(long long organization_id,
                                                                       const std::string& now);
    [[nodiscard]] Result<void> revoke_invitation(long long organization_id,
                                                 long long invitation_id);
    [[nodiscard]] Result<InvitationRecord> invitation(
        const std::string& token_hash);  // kNotFound when absent
    // Marks the invitation used and makes the user a member with its role, in one transaction;
    // kConflict when it was used already. It never lowers the role of someone already a member.
    [[nodiscard]] Result<void> accept_invitation(const std::string& token_hash, long long user_id,
                                                 const std::string& now);

    // Creates an account and uses the invitation behind `token_hash` in one transaction: the
    // invitation is consumed (only if still unused and not expired at `now`) and the user joins
    // with its role. kConflict when the email has an account or the invitation is no longer
    // open (then no account is made).
    struct JoinedUser {
        long long user_id = 0;
        long long organization_id = 0;
        access::Role role = access::Role::kViewer;
    };
    [[nodiscard]] Result<JoinedUser> create_user_through_invitation(
        const std::string& token_hash, const std::string& email, const std::string& name,
        const std::string& password_hash, const std::string& now);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
