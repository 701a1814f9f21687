// Invitation links: an owner makes one for a role — to copy, or emailed to an address when the
// site sends email; whoever opens it signs in (or signs up, even on an invitation-only site)
// and joins the organization with that role. Links last 7 days and work once; only their hash
// is stored. Owners may revoke a link nobody has used yet.
#include <variant>

#include "access/policy.hpp"
#include "service/account_service.hpp"
#include "service/organization_service.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organizations.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::AccountService;
using service::OrganizationService;

Response gone(const Site& site, const Request& request) {
    return site.error_page(404, "invitation.gone.title", "invitation.gone-page", request);
}

Response create(const Site& site, const AccountService& accounts,
                const OrganizationService& organizations, const Request& request) {
    auto posted = member_post(site, accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org] = std::get<MemberPost>(posted);
    auto role = access::parse_role(form_value(form, "role"));
    auto invited =
        organizations.invite(org, who, role, form_value(form, "email"), caller_of(request));
    if (!invited) {
        TypedInvitation typed{form_value(form, "role"), form_value(form, "email")};
        return organization_error(site, organizations, request, who, invited.error(), &typed);
    }
    json::object model{{"title", invited->emailed ? "Invitation sent" : "Invitation link"},
                       {"page", "account"},
                       {"link", site.absolute_url("/invitations/" + invited->token)},
                       {"role", std::string(access::role_name(*role))},
                       {"email", invited->email},
                       {"emailed", invited->emailed},
                       {"email_failed", invited->email_failed},
                       {"org_id", org}};
    return render_private(site, "invitation_created", std::move(model), request);
}

Response show(const Site& site, const AccountService& accounts,
              const OrganizationService& organizations, const Request& request) {
    const std::string& token = request.params.at("invitation");
    auto invitation = accounts.open_invitation(token);
    if (!invitation) {
        return invitation.error().code == ErrorCode::kNotFound
                   ? gone(site, request)
                   : site.error_response(invitation.error(), request);
    }
    auto name = organizations.name_of(invitation->organization_id);
    if (!name) return gone(site, request);
    json::object model{{"title", "Join " + *name},
                       {"page", "account"},
                       {"name", *name},
                       {"role", std::string(access::role_name(invitation->role))},
                       {"token", token},
                       {"signed_in", signed_in(site, accounts, request).has_value()}};
    return render_private(site, "invitation", std::move(model), request);
}

Response accept(const Site& site, const AccountService& accounts, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    auto joined = accounts.join(request.params.at("invitation"), who->user.id, caller_of(request));
    if (!joined) {
        return joined.error().code == ErrorCode::kNotFound ||
                       joined.error().code == ErrorCode::kConflict
                   ? gone(site, request)
                   : site.error_response(joined.error(), request);
    }
    return redirect(organization_path(joined->organization_id));
}

Response revoke(const Site& site, const AccountService& accounts,
                const OrganizationService& organizations, const Request& request) {
    auto posted = member_post(site, accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org] = std::get<MemberPost>(posted);
    if (auto done = organizations.revoke(org, id_param(request, "link"), who, caller_of(request));
        !done) {
        return organization_error(site, organizations, request, who, done.error());
    }
    return redirect(organization_path(org) + "?done=revoked");
}

}  // namespace

void add_invitations(Site& site, Router& router, const AccountService& accounts,
                     const OrganizationService& organizations) {
    constexpr bool kBlocking = true;
    const auto& s = site;
    const auto& a = accounts;
    const auto& o = organizations;
    router.add(
        Method::kPost, "/orgs/{id}/invitations",
        [&s, &a, &o](Request& r) { return create(s, a, o, r); }, kBlocking);
    router.add(
        Method::kPost, "/orgs/{id}/invitations/{link}/revoke",
        [&s, &a, &o](Request& r) { return revoke(s, a, o, r); }, kBlocking);
    router.add(
        Method::kGet, "/invitations/{invitation}",
        [&s, &a, &o](Request& r) { return show(s, a, o, r); }, kBlocking);
    router.add(
        Method::kPost, "/invitations/{invitation}",
        [&s, &a](Request& r) { return accept(s, a, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
