#include "store/organization_repository.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::changed_one_row;
using detail::with_session;

namespace {

constexpr const char* kInsert =
    "INSERT INTO organizations (name, kind, parent_id, created_at) VALUES (:name, :kind, :parent, "
    ":now)"
    " RETURNING id";
// An organization made on the web, with who made it (its first owner).
constexpr const char* kInsertOwned =
    "INSERT INTO organizations (name, kind, parent_id, created_at, created_by) "
    "VALUES (:name, :kind, :parent, :now, :by) RETURNING id";
constexpr const char* kFind =
    "SELECT id, name, kind, COALESCE(parent_id, 0) FROM organizations WHERE id = :id";
constexpr const char* kChildren =
    "SELECT id, name, kind, parent_id FROM organizations WHERE parent_id = :id ORDER BY name";
// A change of role here keeps the organization's last owner, as `kChangeRole` does: the
// command line's `org add-member` is the only caller that can lower a role through it.
constexpr const char* kSetMember =
    "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (:org, :user, "
    ":role, :now) "
    "ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role WHERE "
    "excluded.role = 'owner' OR memberships.role <> 'owner' OR (SELECT COUNT(*) FROM "
    "memberships o WHERE o.organization_id = memberships.organization_id AND o.role = 'owner') "
    "> 1";
// Joining never lowers a role: the CASEs rank roles, least trusted first.
constexpr const char* kJoin =
    "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (:org, :user, "
    ":role, :now) "
    "ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role WHERE "
    "CASE excluded.role WHEN 'viewer' THEN 0 WHEN 'member' THEN 1 WHEN 'facilitator' THEN 2 "
    "ELSE 3 END > "
    "CASE memberships.role WHEN 'viewer' THEN 0 WHEN 'member' THEN 1 WHEN 'facilitator' THEN 2 "
    "ELSE 3 END";
// Allowed unless it takes away the last owner.
constexpr const char* kKeepsAnOwner =
    "(role <> 'owner' OR (SELECT COUNT(*) FROM memberships o WHERE o.organization_id = "
    "memberships.organization_id AND o.role = 'owner') > 1)";
const std::string kChangeRole =
    std::string(
        "UPDATE memberships SET role = :role WHERE organization_id = :org AND user_id = "
        ":user AND (:role2 = 'owner' OR ") +
    kKeepsAnOwner + ")";
const std::string kRemoveMember =
    std::string("DELETE FROM memberships WHERE organization_id = :org AND user_id = :user AND ") +
    kKeepsAnOwner;
constexpr const char* kRole =
    "SELECT role FROM memberships WHERE organization_id = :org AND user_id = :user";
constexpr const char* kMembershipsOf =
    "SELECT o.id, o.name, o.kind, COALESCE(o.parent_id, 0), m.role FROM memberships m "
    "JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = :user ORDER BY o.name";
constexpr const char* kMembers =
    "SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id "
    "WHERE m.organization_id = :org ORDER BY u.name";
constexpr const char* kAssessments =
    "SELECT id, label, audience, updated_at, school_year, created_at, content_version "
    "FROM assessments WHERE organization_id = :org "
    "ORDER BY updated_at DESC";
// An organization that takes an assessment in decides what its old private link may do: from
// then on it only reads, until an owner says otherwise (docs/assessment.md).
constexpr const char* kAdopt =
    "UPDATE assessments SET organization_id = :org, link_access = 'read' WHERE id = :id";
// The roles allowed on each side are bound (roles_allowed): the policy decides them.
constexpr const char* kMoveAssessment =
    "UPDATE assessments SET organization_id = :to, link_access = 'read' WHERE id = :id AND "
    "COALESCE(organization_id, 0) = :from AND (:from2 = 0 OR EXISTS (SELECT 1 FROM memberships "
    "WHERE organization_id = :from3 AND user_id = :user AND role IN (:o1, :o2, :o3, :o4))) AND "
    "EXISTS (SELECT 1 FROM memberships WHERE organization_id = :to2 AND user_id = :user2 AND "
    "role IN (:a1, :a2, :a3, :a4))";
constexpr const char* kOrganizationOf =
    "SELECT COALESCE(organization_id, 0) FROM assessments WHERE id = :id";
constexpr const char* kRevokeLinksOf =
    "DELETE FROM invitations WHERE organization_id = :org AND created_by = :user AND "
    "accepted_by IS NULL AND role = :role";
// The read-only share links a member made of the organization's placements end with their
// membership: they know those addresses, and the organization's data is not theirs any more.
constexpr const char* kRevokeSharesOf =
    "UPDATE share_links SET revoked_at = :now WHERE created_by = :user AND revoked_at IS NULL "
    "AND (assessment_id IN (SELECT id FROM assessments WHERE organization_id = :org) "
    "OR session_id IN (SELECT id FROM team_sessions WHERE organization_id = :org2))";
// Moving an assessment out of one organization into another ends the share links given out
// while the first held it: they spoke for the first, and would show the second's plan.
constexpr const char* kRevokeSharesOfAssessment =
    "UPDATE share_links SET revoked_at = :now WHERE assessment_id = :id AND revoked_at IS NULL";
constexpr const char* kNewUser =
    "INSERT INTO users (email, name, password_hash, disabled, created_at) "
    "VALUES (:email, :name, :hash, 0, :now) RETURNING id";
constexpr const char* kUseOpenInvitation =
    "UPDATE invitations SET accepted_by = :user, accepted_at = :now "
    "WHERE token_hash = :hash AND accepted_by IS NULL AND expires_at > :now2";
constexpr const char* kInsertInvitation =
    "INSERT INTO invitations (token_hash, organization_id, role, created_by, created_at, "
    "expires_at, email) "
    "VALUES (:hash, :org, :role, :by, :now, :expires, :email) RETURNING id";
constexpr const char* kOpenInvitations =
    "SELECT i.id, i.role, COALESCE(u.name, ''), i.created_at, i.expires_at FROM invitations i "
    "LEFT JOIN users u ON u.id = i.created_by "
    "WHERE i.organization_id = :org AND i.accepted_by IS NULL AND i.expires_at > :now "
    "ORDER BY i.id DESC LIMIT 100";
constexpr const char* kCountOpenInvitations =
    "SELECT COUNT(*) FROM invitations WHERE organization_id = :org AND accepted_by IS NULL "
    "AND expires_at > :now";
constexpr const char* kPurgeInvitations = "DELETE FROM invitations WHERE expires_at < :before";
constexpr const char* kRevokeInvitation =
    "DELETE FROM invitations WHERE id = :id AND organization_id = :org AND accepted_by IS NULL";
constexpr const char* kInvitation =
    "SELECT organization_id, role, expires_at, COALESCE(accepted_by, 0) FROM invitations "
    "WHERE token_hash = :hash";
constexpr const char* kUseInvitation =
    "UPDATE invitations SET accepted_by = :user, accepted_at = :now "
    "WHERE token_hash = :hash AND accepted_by IS NULL";

access::Role role_or_viewer(const std::string& name) {
    return access::parse_role(name).value_or(access::Role::kViewer);
}

}  // namespace

Result<OrganizationRecord> OrganizationRepository::create(const std::string& name,
                                                          const std::string& kind,
                                                          long long parent_id,
                                                          const std::string& now) {
    if (!is_organization_kind(kind)) {
        return fail(ErrorCode::kInvalidInput, "kind must be state, district, school or network");
    }
    if (parent_id != 0 && !find(parent_id)) {
        return fail(ErrorCode::kInvalidInput,
                    "no parent organization " + std::to_string(parent_id));
    }
    auto id = with_session<long long>(
        *db_, "creating an organization", [&](soci::session& sql) -> Result<long long> {
            soci::indicator parent_ind = parent_id == 0 ? soci::i_null : soci::i_ok;
            soci::transaction tx(sql);
            long long made = 0;
            // RETURNING, not a read-back: portable, and right under concurrent inserts.
            sql << kInsert, soci::use(name), soci::use(kind), soci::use(parent_id, parent_ind),
                soci::use(now), soci::into(made);
            tx.commit();
            return made;
        });
    if (!id) return tl::unexpected(id.error());
    return find(*id);
}

Result<OrganizationRecord> OrganizationRepository::create_owned(const std::string& name,
                                                                const std::string& kind,
                                                                long long parent_id,
                                                                long long owner_id,
                                                                const std::string& now) {
    if (!is_organization_kind(kind)) return fail(ErrorCode::kInvalidInput, "organization.kind");
    std::string owner(access::role_name(access::Role::kOwner));
    auto id = with_session<long long>(
        *db_, "creating an organization", [&](soci::session& sql) -> Result<long long> {
            soci::indicator parent_ind = parent_id == 0 ? soci::i_null : soci::i_ok;
            soci::transaction tx(sql);
            long long made = 0;
            sql << kInsertOwned, soci::use(name), soci::use(kind), soci::use(parent_id, parent_ind),
                soci::use(now), soci::use(owner_id), soci::into(made);
            sql << kSetMember, soci::use(made), soci::use(owner_id), soci::use(owner),
                soci::use(now);
            tx.commit();
            return made;
        });
    if (!id) return tl::unexpected(id.error());
    return find(*id);
}

Result<OrganizationRecord> OrganizationRepository::find(long long id) {
    return with_session<OrganizationRecord>(
        *db_, "reading an organization", [&](soci::session& sql) -> Result<OrganizationRecord> {
            OrganizationRecord o;
            soci::indicator ind = soci::i_null;
            sql << kFind, soci::use(id), soci::into(o.id, ind), soci::into(o.name),
                soci::into(o.kind), soci::into(o.parent_id);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such organization");
            return o;
        });
}

Result<std::vector<OrganizationRecord>> OrganizationRepository::children(long long id) {
    using Out = std::vector<OrganizationRecord>;
    return with_session<Out>(
        *db_, "reading an organization's children", [&](soci::session& sql) -> Result<Out> {
            Out out;
            OrganizationRecord o;
            soci::statement st = (sql.prepare << kChildren, soci::use(id), soci::into(o.id),
                                  soci::into(o.name), soci::into(o.kind), soci::into(o.parent_id));
            st.execute();
            while (st.fetch()) out.push_back(o);
            return out;
        });
}

namespace {
long long revoke_links_above(soci::session& sql, long long org, long long user,
                             std::optional<access::Role> kept);
}  // namespace

Result<void> OrganizationRepository::set_member(long long organization_id, long long user_id,
                                                access::Role role, const std::string& now) {
    std::string name(access::role_name(role));
    return with_session<void>(
        *db_, "setting a membership", [&](soci::session& sql) -> Result<void> {
            soci::transaction tx(sql);
            soci::statement st = (sql.prepare << kSetMember, soci::use(organization_id),
                                  soci::use(user_id), soci::use(name), soci::use(now));
            st.execute(true);
            if (st.get_affected_rows() != 1) {
                return fail(ErrorCode::kConflict, "the organization needs at least one owner");
            }
            // A role lowered here (`roadmap org add-member`) ends links above
            // it, as on the web.
            revoke_links_above(sql, organization_id, user_id, role);
            tx.commit();
            return {};
        });
}

namespace {
// After a change that touched no row: not a member (kNotFound), or the last owner (kConflict).
Result<void> explain_refusal(OrganizationRepository& orgs, long long organization_id,
                             long long user_id) {
    auto role = orgs.role_of(organization_id, user_id);
    if (!role) return tl::unexpected(role.error());
    if (!*role) return fail(ErrorCode::kNotFound, "not a member");
    return fail(ErrorCode::kConflict, "the organization needs at least one owner");
}
}  // namespace

namespace {
// Revokes the open links `user` made in `org` that grant a role above `kept` (every role when
// `kept` is empty); returns how many. Runs inside the caller's transaction.
long long revoke_links_above(soci::session& sql, long long org, long long user,
                             std::optional<access::Role> kept) {
    long long revoked = 0;
    for (auto role : {access::Role::kViewer, access::Role::kMember, access::Role::kFacilitator,
                      access::Role::kOwner}) {
        if (kept && role <= *kept) continue;
        std::string name(access::role_name(role));
        soci::statement st =
            (sql.prepare << kRevokeLinksOf, soci::use(org), soci::use(user), soci::use(name));
        st.execute(true);
        revoked += st.get_affected_rows();
    }
    return revoked;
}
}  // namespace

Result<void> OrganizationRepository::change_role(long long organization_id, long long user_id,
                                                 access::Role role) {
    std::string name(access::role_name(role));
    auto changed =
        with_session<bool>(*db_, "changing a role", [&](soci::session& sql) -> Result<bool> {
            soci::transaction tx(sql);
            soci::statement st = (sql.prepare << kChangeRole, soci::use(name),
                                  soci::use(organization_id), soci::use(user_id), soci::use(name));
            st.execute(true);
            if (st.get_affected_rows() != 1) return false;
            revoke_links_above(sql, organization_id, user_id, role);
            tx.commit();
            return true;
        });
    if (!changed) return tl::unexpected(changed.error());
    if (*changed) return {};
    return explain_refusal(*this, organization_id, user_id);
}

Result<RevokedLinks> OrganizationRepository::remove_member(long long organization_id,
                                                           long long user_id,
                                                           const std::string& now) {
    using Out = std::optional<RevokedLinks>;
    auto removed =
        with_session<Out>(*db_, "removing a member", [&](soci::session& sql) -> Result<Out> {
            soci::transaction tx(sql);
            soci::statement st =
                (sql.prepare << kRemoveMember, soci::use(organization_id), soci::use(user_id));
            st.execute(true);
            if (st.get_affected_rows() != 1) return Out{};
            RevokedLinks out;
            out.invitations = revoke_links_above(sql, organization_id, user_id, std::nullopt);
            soci::statement shares =
                (sql.prepare << kRevokeSharesOf, soci::use(now), soci::use(user_id),
                 soci::use(organization_id), soci::use(organization_id));
            shares.execute(true);
            out.share_links = shares.get_affected_rows();
            tx.commit();
            return Out{out};
        });
    if (!removed) return tl::unexpected(removed.error());
    if (*removed) return **removed;
    auto refused = explain_refusal(*this, organization_id, user_id);
    return tl::unexpected(refused.error());
}

Result<std::optional<access::Role>> OrganizationRepository::role_of(long long organization_id,
                                                                    long long user_id) {
    using Out = std::optional<access::Role>;
    return with_session<Out>(*db_, "reading a role", [&](soci::session& sql) -> Result<Out> {
        std::string role;
        soci::indicator ind = soci::i_null;
        sql << kRole, soci::use(organization_id), soci::use(user_id), soci::into(role, ind);
        if (!sql.got_data()) return Out{};
        return Out{role_or_viewer(role)};
    });
}

Result<std::vector<MembershipRecord>> OrganizationRepository::memberships_of(long long user_id) {
    using Out = std::vector<MembershipRecord>;
    return with_session<Out>(*db_, "reading memberships", [&](soci::session& sql) -> Result<Out> {
        Out out;
        MembershipRecord m;
        std::string role;
        soci::statement st =
            (sql.prepare << kMembershipsOf, soci::use(user_id), soci::into(m.organization.id),
             soci::into(m.organization.name), soci::into(m.organization.kind),
             soci::into(m.organization.parent_id), soci::into(role));
        st.execute();
        while (st.fetch()) {
            m.role = role_or_viewer(role);
            out.push_back(m);
        }
        return out;
    });
}

Result<std::vector<MemberRecord>> OrganizationRepository::members(long long organization_id) {
    using Out = std::vector<MemberRecord>;
    return with_session<Out>(*db_, "reading members", [&](soci::session& sql) -> Result<Out> {
        Out out;
        MemberRecord m;
        std::string role;
        soci::statement st =
            (sql.prepare << kMembers, soci::use(organization_id), soci::into(m.user_id),
             soci::into(m.name), soci::into(m.email), soci::into(role));
        st.execute();
        while (st.fetch()) {
            m.role = role_or_viewer(role);
            out.push_back(m);
        }
        return out;
    });
}

Result<std::vector<OrganizationAssessment>> OrganizationRepository::assessments(
    long long organization_id) {
    using Out = std::vector<OrganizationAssessment>;
    return with_session<Out>(
        *db_, "reading an organization's assessments", [&](soci::session& sql) -> Result<Out> {
            Out out;
            OrganizationAssessment a;
            soci::statement st = (sql.prepare << kAssessments, soci::use(organization_id),
                                  soci::into(a.id), soci::into(a.label), soci::into(a.audience),
                                  soci::into(a.updated_at), soci::into(a.school_year),
                                  soci::into(a.created_at), soci::into(a.content_version));
            st.execute();
            while (st.fetch()) out.push_back(a);
            return out;
        });
}

Result<void> OrganizationRepository::adopt_assessment(long long organization_id,
                                                      long long assessment_id) {
    return with_session<void>(
        *db_, "moving an assessment", [&](soci::session& sql) -> Result<void> {
            sql << kAdopt, soci::use(organization_id), soci::use(assessment_id);
            return {};
        });
}

namespace {
// The name of each role that may do `action`, in rank order, and "" (no role) for the others.
std::array<std::string, 4> roles_allowed(access::Action action) {
    std::array<std::string, 4> out;
    size_t i = 0;
    for (auto role : {access::Role::kViewer, access::Role::kMember, access::Role::kFacilitator,
                      access::Role::kOwner}) {
        out.at(i++) = access::allowed(role, action) ? std::string(access::role_name(role)) : "";
    }
    return out;
}
}  // namespace

Result<long long> OrganizationRepository::move_assessment(long long assessment_id, long long from,
                                                          long long to, long long user_id,
                                                          const std::string& now) {
    using Out = std::optional<long long>;
    const auto out_of = roles_allowed(access::Action::kDeleteAssessment);
    const auto into = roles_allowed(access::Action::kAddAssessment);
    long long held_by = 0;
    auto moved =
        with_session<Out>(*db_, "moving an assessment", [&](soci::session& sql) -> Result<Out> {
            soci::transaction tx(sql);
            soci::statement st =
                (sql.prepare << kMoveAssessment, soci::use(to), soci::use(assessment_id),
                 soci::use(from), soci::use(from), soci::use(from), soci::use(user_id),
                 soci::use(out_of[0]), soci::use(out_of[1]), soci::use(out_of[2]),
                 soci::use(out_of[3]), soci::use(to), soci::use(user_id), soci::use(into[0]),
                 soci::use(into[1]), soci::use(into[2]), soci::use(into[3]));
            st.execute(true);
            if (st.get_affected_rows() != 1) {
                // Why not: where it is now tells a move meanwhile from a role that does not allow.
                sql << kOrganizationOf, soci::use(assessment_id), soci::into(held_by);
                if (!sql.got_data()) held_by = -1;
                return Out{};
            }
            long long revoked = 0;
            if (from != 0) {
                soci::statement shares = (sql.prepare << kRevokeSharesOfAssessment, soci::use(now),
                                          soci::use(assessment_id));
                shares.execute(true);
                revoked = shares.get_affected_rows();
            }
            tx.commit();
            return Out{revoked};
        });
    if (!moved) return tl::unexpected(moved.error());
    if (!*moved && held_by != from) {
        return fail(ErrorCode::kConflict, "the assessment is not where it was");
    }
    if (!*moved) return fail(ErrorCode::kForbidden, "the user's roles do not allow this move");
    return **moved;
}

Result<long long> OrganizationRepository::create_invitation(
    const std::string& token_hash, long long organization_id, access::Role role,
    long long created_by, const std::string& now, const std::string& expires_at,
    const std::string& email, size_t max_open) {
    std::string name(access::role_name(role));
    return with_session<long long>(
        *db_, "creating an invitation", [&](soci::session& sql) -> Result<long long> {
            soci::indicator by_ind = created_by == 0 ? soci::i_null : soci::i_ok;  // 0: nobody
            soci::transaction tx(sql);
            // The write first, then the count: a transaction that read first could not take the
            // write lock once another had written (SQLITE_BUSY_SNAPSHOT, a 503); this one waits
            // for it, and counts every link committed before it.
            long long id = 0;
            sql << kInsertInvitation, soci::use(token_hash), soci::use(organization_id),
                soci::use(name), soci::use(created_by, by_ind), soci::use(now),
                soci::use(expires_at), soci::use(email), soci::into(id);
            if (max_open > 0) {
                long long open = 0;  // with the new one
                sql << kCountOpenInvitations, soci::use(organization_id), soci::use(now),
                    soci::into(open);
                if (open > static_cast<long long>(max_open)) {
                    return tl::unexpected(Error{ErrorCode::kConflict, "invitation.too-many",
                                                static_cast<long long>(max_open)});  // rolls back
                }
            }
            tx.commit();
            return id;
        });
}

Result<void> OrganizationRepository::purge_invitations(const std::string& before) {
    return with_session<void>(*db_, "deleting expired invitations",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kPurgeInvitations, soci::use(before);
                                  return {};
                              });
}

Result<std::vector<OpenInvitation>> OrganizationRepository::open_invitations(
    long long organization_id, const std::string& now) {
    using Out = std::vector<OpenInvitation>;
    return with_session<Out>(
        *db_, "reading open invitations", [&](soci::session& sql) -> Result<Out> {
            Out out;
            OpenInvitation i;
            std::string role;
            soci::statement st =
                (sql.prepare << kOpenInvitations, soci::use(organization_id), soci::use(now),
                 soci::into(i.id), soci::into(role), soci::into(i.made_by),
                 soci::into(i.created_at), soci::into(i.expires_at));
            st.execute();
            while (st.fetch()) {
                i.role = role_or_viewer(role);
                out.push_back(i);
            }
            return out;
        });
}

Result<void> OrganizationRepository::revoke_invitation(long long organization_id,
                                                       long long invitation_id) {
    auto revoked = changed_one_row(*db_, "revoking an invitation", kRevokeInvitation, invitation_id,
                                   organization_id);
    if (!revoked) return tl::unexpected(revoked.error());
    if (!*revoked) return fail(ErrorCode::kNotFound, "no such open invitation");
    return {};
}

Result<InvitationRecord> OrganizationRepository::invitation(const std::string& token_hash) {
    return with_session<InvitationRecord>(
        *db_, "reading an invitation", [&](soci::session& sql) -> Result<InvitationRecord> {
            InvitationRecord r;
            std::string role;
            long long accepted_by = 0;
            soci::indicator ind = soci::i_null;
            sql << kInvitation, soci::use(token_hash), soci::into(r.organization_id, ind),
                soci::into(role), soci::into(r.expires_at), soci::into(accepted_by);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "no such invitation");
            r.role = role_or_viewer(role);
            r.accepted = accepted_by != 0;
            return r;
        });
}

Result<void> OrganizationRepository::accept_invitation(const std::string& token_hash,
                                                       long long user_id, const std::string& now) {
    auto found = invitation(token_hash);
    if (!found) return tl::unexpected(found.error());
    std::string role(access::role_name(found->role));
    return with_session<void>(
        *db_, "accepting an invitation", [&](soci::session& sql) -> Result<void> {
            soci::transaction tx(sql);
            soci::statement use_it = (sql.prepare << kUseInvitation, soci::use(user_id),
                                      soci::use(now), soci::use(token_hash));
            use_it.execute(true);
            if (use_it.get_affected_rows() != 1)
                return fail(ErrorCode::kConflict, "invitation already used");
            sql << kJoin, soci::use(found->organization_id), soci::use(user_id), soci::use(role),
                soci::use(now);
            tx.commit();
            return {};
        });
}

Result<OrganizationRepository::JoinedUser> OrganizationRepository::create_user_through_invitation(
    const std::string& token_hash, const std::string& email, const std::string& name,
    const std::string& password_hash, const std::string& now) {
    auto found = invitation(token_hash);
    if (!found) return tl::unexpected(found.error());
    std::string role(access::role_name(found->role));
    return with_session<JoinedUser>(
        *db_, "signing up through an invitation", [&](soci::session& sql) -> Result<JoinedUser> {
            soci::transaction tx(sql);
            JoinedUser joined{0, found->organization_id, found->role};
            sql << kNewUser, soci::use(email), soci::use(name), soci::use(password_hash),
                soci::use(now), soci::into(joined.user_id);
            soci::statement use_it = (sql.prepare << kUseOpenInvitation, soci::use(joined.user_id),
                                      soci::use(now), soci::use(token_hash), soci::use(now));
            use_it.execute(true);
            if (use_it.get_affected_rows() != 1) {
                return fail(ErrorCode::kConflict, "invitation used or expired");  // rolls back
            }
            sql << kJoin, soci::use(found->organization_id), soci::use(joined.user_id),
                soci::use(role), soci::use(now);
            tx.commit();
            return joined;
        });
}

}  // namespace cbe::store
