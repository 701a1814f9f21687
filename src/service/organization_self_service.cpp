// What signed-in people do for themselves with organizations: create one (when the instance
// allows it) and email invitations. Rules in docs/accounts.md ("Organizations").
#include <algorithm>

#include "accounts/rules.hpp"
#include "core/text.hpp"
#include "service/organization_service.hpp"

namespace cbe::service {

namespace {

// Counts one attempt of `key` within the hour (RateLimit::attempt); none without limits.
Result<void> limited(const std::shared_ptr<const RateLimit>& limits, const std::string& key,
                     int free) {
    return limits ? limits->attempt(key, free, std::chrono::hours(1)) : Result<void>();
}

}  // namespace

Result<std::string> validate_organization_name(std::string_view input) {
    std::string name(text::trim(input));
    if (name.empty()) return fail_in("name", "organization.name-missing");
    if (!text::is_valid_utf8(name)) return fail_in("name", "organization.name-not-text");
    if (text::has_hidden_characters(name, text::TextShape::kLine)) {
        return fail_in("name", "text.hidden-characters");
    }
    if (text::utf8_length(name) > kMaxOrganizationNameChars) {
        return fail_in("name", "organization.name-too-long");
    }
    return name;
}

Result<std::vector<store::OrganizationRecord>> OrganizationService::parent_choices(
    const SignedIn& who) const {
    auto memberships = d_.organizations->memberships_of(who.user.id);
    if (!memberships) return tl::unexpected(memberships.error());
    std::vector<store::OrganizationRecord> out;
    for (auto& m : *memberships) {
        if (access::allowed(m.role, access::Action::kAddSuborganization)) {
            out.push_back(std::move(m.organization));
        }
    }
    return out;
}

Result<long long> OrganizationService::create(const NewOrganization& input, const SignedIn& who,
                                              const Caller& caller) const {
    if (!d_.anyone_may_create) return fail(ErrorCode::kForbidden, "organization.creation-closed");
    auto name = validate_organization_name(input.name);
    if (!name) return tl::unexpected(name.error());
    if (!access::is_organization_kind(input.kind)) {
        return fail_in("kind", "organization.kind-unknown");
    }
    if (input.parent_id != 0) {
        auto role = d_.organizations->role_of(input.parent_id, who.user.id);
        if (!role) return tl::unexpected(role.error());
        // The same answer for a parent that does not exist: nothing is revealed.
        if (!access::allowed(*role, access::Action::kAddSuborganization)) {
            return fail_in("parent", "organization.parent-not-owned");
        }
    }
    if (auto ok = limited(d_.limits, "org-create:" + std::to_string(who.user.id),
                          kFreeOrganizationsPerHour);
        !ok) {
        return tl::unexpected(ok.error());
    }
    // Many accounts from one address do not multiply the account's limit without end.
    if (auto ok = limited(d_.limits, "org-create-ip:" + caller.address,
                          kFreeOrganizationsPerAddressPerHour);
        !ok) {
        return tl::unexpected(ok.error());
    }
    auto made = d_.organizations->create_owned(*name, input.kind, input.parent_id, who.user.id,
                                               iso8601(d_.clock()));
    if (!made) return tl::unexpected(made.error());
    d_.auditor->record(AuditEvent::kOrganizationCreated, who.user.id,
                       made->name + " (" + made->kind + ")", caller.address, made->id);
    return made->id;
}

Result<std::string> OrganizationService::invitation_address(std::string_view email,
                                                            const SignedIn& who,
                                                            const Caller& caller) const {
    if (text::trim(email).empty()) return std::string();
    if (!d_.outbox) return fail(ErrorCode::kInvalidInput, "invitation.email-off");
    auto address = accounts::normalize_email(email);
    if (!address) return address;
    if (auto ok = limited(d_.limits, "invite-email:" + std::to_string(who.user.id),
                          kFreeInvitationEmailsPerHour);
        !ok) {
        return tl::unexpected(ok.error());
    }
    if (auto ok = limited(d_.limits, "invite-email-ip:" + caller.address,
                          kFreeInvitationEmailsPerAddressPerHour);
        !ok) {
        return tl::unexpected(ok.error());
    }
    return address;
}

Result<void> OrganizationService::inbox_has_room(const std::string& address) const {
    if (d_.limits) {
        auto wait = d_.limits->within("invite-inbox:" + address, kInvitationEmailsPerInboxPerHour,
                                      std::chrono::hours(1));
        if (!wait) return tl::unexpected(wait.error());
        if (wait->count() > 0) return tl::unexpected(rate_limited(*wait));
    }
    return {};
}

}  // namespace cbe::service
