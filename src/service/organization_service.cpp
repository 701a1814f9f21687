#include "service/organization_service.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include "core/crypto.hpp"

namespace cbe::service {

namespace {

Result<void> needs_role(const std::optional<access::Role>& role, const char* key) {
    if (!role) return fail(ErrorCode::kInvalidInput, key);
    return {};
}

}  // namespace

Result<access::Role> OrganizationService::role_allowing(long long organization_id,
                                                        long long user_id,
                                                        access::Action action) const {
    if (organization_id <= 0) return fail(ErrorCode::kNotFound, "error.not-found");
    auto role = d_.organizations->role_of(organization_id, user_id);
    if (!role) return tl::unexpected(role.error());
    if (!access::allowed(*role, action)) return fail(ErrorCode::kNotFound, "error.not-found");
    return **role;
}

Result<std::string> OrganizationService::name_of(long long organization_id) const {
    auto org = d_.organizations->find(organization_id);
    if (!org) return tl::unexpected(org.error());
    return org->name;
}

Result<OrganizationOverview> OrganizationService::overview(long long organization_id,
                                                           const SignedIn& who) const {
    auto role = role_allowing(organization_id, who.user.id, access::Action::kViewOrganization);
    if (!role) return tl::unexpected(role.error());
    auto& orgs = *d_.organizations;
    auto org = orgs.find(organization_id);
    auto members = orgs.members(organization_id);
    auto assessments = orgs.assessments(organization_id);
    if (!org) return tl::unexpected(org.error());
    if (!members) return tl::unexpected(members.error());
    if (!assessments) return tl::unexpected(assessments.error());
    OrganizationOverview out{
        *org, *role, std::move(*members), std::move(*assessments), {}, {}, {}, {}, {}, {}};
    if (org->parent_id != 0) {
        if (auto parent = orgs.find(org->parent_id)) out.parent = *parent;
    }
    out.children = orgs.children(organization_id).value_or(out.children);
    if (access::allowed(*role, access::Action::kManageMembers)) {
        out.invitations =
            orgs.open_invitations(organization_id, iso8601(d_.clock())).value_or(out.invitations);
    }
    for (const auto& m :
         orgs.memberships_of(who.user.id).value_or(std::vector<store::MembershipRecord>{})) {
        out.reader_organizations.insert(m.organization.id);
    }
    if (d_.sessions) {
        out.sessions = d_.sessions->for_organization(organization_id).value_or(out.sessions);
    }
    out.placements = placement_history(out.assessments, out.sessions);
    return out;
}

Result<std::vector<store::MembershipRecord>> OrganizationService::move_targets(
    const SignedIn& who) const {
    auto memberships = d_.organizations->memberships_of(who.user.id);
    if (!memberships) return memberships;
    std::vector<store::MembershipRecord> out;
    for (auto& m : *memberships) {
        if (access::allowed(m.role, access::Action::kAddAssessment)) out.push_back(std::move(m));
    }
    return out;
}

Result<Invited> OrganizationService::invite(long long organization_id, const SignedIn& who,
                                            std::optional<access::Role> role,
                                            std::string_view email, const Caller& caller) const {
    auto allowed = role_allowing(organization_id, who.user.id, access::Action::kManageMembers);
    if (!allowed) return tl::unexpected(allowed.error());
    if (auto ok = needs_role(role, "organization.role-missing"); !ok) {
        return tl::unexpected(ok.error());
    }
    auto to = invitation_address(email, who, caller);
    if (!to) return tl::unexpected(to.error());
    // Making and revoking links in a loop is slowed down (each writes to the audit log).
    if (auto ok = d_.limits ? d_.limits->attempt("invite:" + std::to_string(who.user.id),
                                                 kFreeInvitationsPerHour, std::chrono::hours(1))
                            : Result<void>();
        !ok) {
        return tl::unexpected(ok.error());
    }
    Invited out{crypto::new_token(), *to, false, false};
    auto now = d_.clock();
    auto made = d_.organizations->create_invitation(
        crypto::token_hash(out.token), organization_id, *role, who.user.id, iso8601(now),
        iso8601(now + kInvitationLifetime), out.email, kMaxOpenInvitations);
    if (!made) return tl::unexpected(made.error());
    // The inbox's share is counted last, once the link exists (the caps above are checked in
    // its transaction): a refused invitation never uses up one of the inbox's emails. Refused
    // here, the link goes again, unseen.
    if (!out.email.empty()) {
        if (auto room = inbox_has_room(out.email); !room) {
            (void)d_.organizations->revoke_invitation(organization_id, *made);
            return tl::unexpected(room.error());
        }
    }
    d_.auditor->record(
        AuditEvent::kInvitationCreated, who.user.id,
        "as " + std::string(access::role_name(*role)) + (out.email.empty() ? "" : ", by email"),
        caller.address, organization_id);
    if (!out.email.empty()) {
        auto name = name_of(organization_id);
        long long hours =
            std::chrono::duration_cast<std::chrono::hours>(kInvitationLifetime).count();
        // Queued: the outbox sends it off the request, so a slow mail server holds no request
        // thread. Only a full outbox is known here; a failed delivery is logged.
        out.emailed =
            d_.outbox->post(Mail{MailKind::kInvitation, out.email, "/invitations/" + out.token,
                                 name.value_or(""), std::string(access::role_name(*role)), hours});
        out.email_failed = !out.emailed;
    }
    return out;
}

Result<void> OrganizationService::revoke(long long organization_id, long long invitation_id,
                                         const SignedIn& who, const Caller& caller) const {
    auto allowed = role_allowing(organization_id, who.user.id, access::Action::kManageMembers);
    if (!allowed) return tl::unexpected(allowed.error());
    if (auto done = d_.organizations->revoke_invitation(organization_id, invitation_id); !done) {
        // Used or revoked meanwhile (another owner, or the invited person was quicker).
        if (done.error().code == ErrorCode::kNotFound) {
            return fail(ErrorCode::kConflict, "invitation.revoked-already");
        }
        return done;
    }
    d_.auditor->record(AuditEvent::kInvitationRevoked, who.user.id,
                       "invitation link " + std::to_string(invitation_id), caller.address,
                       organization_id);
    return {};
}

namespace {
std::string member_name(store::AccountRepository& accounts, long long user_id) {
    auto member = accounts.user(user_id);
    return member ? member->name + " <" + member->email + ">" : "user " + std::to_string(user_id);
}
Result<void> explain(Result<void> done) {
    if (!done && done.error().code == ErrorCode::kConflict) {
        return fail(ErrorCode::kConflict, "organization.last-owner");
    }
    return done;
}
}  // namespace

Result<void> OrganizationService::change_role(long long organization_id, long long user_id,
                                              std::optional<access::Role> role, const SignedIn& who,
                                              const Caller& caller) const {
    auto allowed = role_allowing(organization_id, who.user.id, access::Action::kManageMembers);
    if (!allowed) return tl::unexpected(allowed.error());
    if (auto ok = needs_role(role, "organization.role-unknown"); !ok) return ok;
    if (auto done = explain(d_.organizations->change_role(organization_id, user_id, *role));
        !done) {
        return done;
    }
    d_.auditor->record(
        AuditEvent::kRoleChanged, who.user.id,
        member_name(*d_.accounts, user_id) + " is now " + std::string(access::role_name(*role)),
        caller.address, organization_id);
    return {};
}

Result<void> OrganizationService::remove(long long organization_id, long long user_id,
                                         const SignedIn& who, const Caller& caller) const {
    auto allowed = role_allowing(organization_id, who.user.id, access::Action::kManageMembers);
    if (!allowed) return tl::unexpected(allowed.error());
    std::string name = member_name(*d_.accounts, user_id);
    auto revoked = d_.organizations->remove_member(organization_id, user_id, iso8601(d_.clock()));
    if (!revoked) return explain(tl::unexpected(revoked.error()));
    if (auto detail = revoked_links_detail(*revoked); !detail.empty()) name += "; " + detail;
    d_.auditor->record(AuditEvent::kMemberRemoved, who.user.id, name, caller.address,
                       organization_id);
    return {};
}

Result<AuditPage> OrganizationService::audit_log(long long organization_id, long long before,
                                                 const SignedIn& who) const {
    auto allowed = role_allowing(organization_id, who.user.id, access::Action::kViewAuditLog);
    if (!allowed) return tl::unexpected(allowed.error());
    auto org = d_.organizations->find(organization_id);
    if (!org) return tl::unexpected(org.error());
    if (before <= 0) before = std::numeric_limits<long long>::max();
    // One more than a page, to know whether there is an older page.
    auto events = d_.accounts->organization_audit(organization_id, before, kAuditPageSize + 1);
    if (!events) return tl::unexpected(events.error());
    AuditPage page{*org, std::move(*events), 0};
    if (page.events.size() > static_cast<size_t>(kAuditPageSize)) {
        page.events.pop_back();
        page.older = page.events.back().id;
    }
    return page;
}

}  // namespace cbe::service
