// Invitation links: an owner makes one for a role; whoever opens it signs in (or signs up, even
// on an invitation-only site) and joins the organization with that role. Links last 7 days and
// work once; only their hash is stored. Owners may revoke a link nobody has used yet.
#include <variant>

#include "access/policy.hpp"
#include "core/crypto.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organization_access.hpp"
#include "web/handlers/organizations.hpp"
#include "web/handlers/routes.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;

Response gone(const Site& site, const Request& request) {
    return site.error_page(404, "This invitation cannot be used",
                           "The link may be incomplete, it may have expired (links last 7 days), "
                           "or it was used already. Ask the organization's owner for a new one.",
                           request);
}

Response create(Site& site, Request& request) {
    auto posted = organization_post(site, request, access::Action::kManageMembers);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org_id] = std::get<OrganizationPost>(posted);
    store::OrganizationRepository orgs(site.database());
    auto role = access::parse_role(form_value(form, "role"));
    if (!role)
        return site.error_page(400, "Choose a role",
                               "Choose the role the invited person will have.", request);
    std::string token = crypto::new_token();
    auto now = site.clock()();
    auto made = orgs.create_invitation(crypto::token_hash(token), org_id, *role, who.user.id,
                                       iso8601(now), iso8601(now + kInvitationLifetime));
    if (!made) return failure_page(site, made.error(), request);
    audit(site, request, "invitation-created", who.user.id,
          "as " + std::string(access::role_name(*role)), org_id);
    json::object model{{"title", "Invitation link"},
                       {"page", "account"},
                       {"link", site.absolute_url("/invitations/" + token)},
                       {"role", std::string(access::role_name(*role))},
                       {"org_id", org_id}};
    return render_private(site, "invitation_created", std::move(model), request);
}

Response show(Site& site, Request& request) {
    const std::string& token = request.params["invitation"];
    auto invitation = open_invitation(site, token);
    if (!invitation)
        return invitation.error().code == ErrorCode::kNotFound
                   ? gone(site, request)
                   : failure_page(site, invitation.error(), request);
    store::OrganizationRepository orgs(site.database());
    auto org = orgs.find(invitation->organization_id);
    if (!org) return gone(site, request);
    json::object model{{"title", "Join " + org->name},
                       {"page", "account"},
                       {"name", org->name},
                       {"role", std::string(access::role_name(invitation->role))},
                       {"token", token},
                       {"signed_in", signed_in(site, request).has_value()}};
    return render_private(site, "invitation", std::move(model), request);
}

Response accept(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    auto joined =
        join_through_invitation(site, request, request.params["invitation"], who->user.id);
    if (!joined)
        return joined.error().code == ErrorCode::kNotFound ||
                       joined.error().code == ErrorCode::kConflict
                   ? gone(site, request)
                   : failure_page(site, joined.error(), request);
    return redirect("/orgs/" + std::to_string(joined->organization_id));
}

Response revoke(Site& site, Request& request) {
    auto posted = organization_post(site, request, access::Action::kManageMembers);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org_id] = std::get<OrganizationPost>(posted);
    long long link = id_param(request, "link");
    store::OrganizationRepository orgs(site.database());
    if (auto done = orgs.revoke_invitation(org_id, link); !done) {
        // Used or revoked meanwhile (another owner, or the invited person was quicker).
        if (done.error().code == ErrorCode::kNotFound) {
            return show_organization(site, request, who,
                                     "That invitation link was used or revoked already.", 409);
        }
        return failure_page(site, done.error(), request);
    }
    audit(site, request, "invitation-revoked", who.user.id,
          "invitation link " + std::to_string(link), org_id);
    return redirect(organization_path(org_id) + "?done=revoked");
}

}  // namespace

void add_invitations(Site& site, Router& router) {
    constexpr bool kBlocking = true;
    router.add(
        Method::kPost, "/orgs/{id}/invitations", [&site](Request& r) { return create(site, r); },
        kBlocking);
    router.add(
        Method::kPost, "/orgs/{id}/invitations/{link}/revoke",
        [&site](Request& r) { return revoke(site, r); }, kBlocking);
    router.add(
        Method::kGet, "/invitations/{invitation}", [&site](Request& r) { return show(site, r); },
        kBlocking);
    router.add(
        Method::kPost, "/invitations/{invitation}", [&site](Request& r) { return accept(site, r); },
        kBlocking);
}

}  // namespace cbe::web::handlers
