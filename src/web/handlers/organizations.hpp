// What the organization handlers share: a form posted to /orgs/{id}/… by someone signed in,
// and the organization page (shown again with an error after a refused change). Internal to
// web/handlers.
#pragma once

#include <string>
#include <variant>

#include "service/account_service.hpp"
#include "service/organization_service.hpp"
#include "web/forms.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

struct MemberPost {
    Form form;
    service::SignedIn who;
    long long organization_id = 0;
};
// The post (its CSRF token checked, someone signed in), or the response that refuses it. What
// the poster may do there is the use case's to decide.
std::variant<MemberPost, Response> member_post(const Site& site,
                                               const service::AccountService& accounts,
                                               const Request& request);

// What was typed into the invitation form, kept when the page shows a refusal.
struct TypedInvitation {
    std::string role;
    std::string email;
};
// The page of the organization named by the path's {id}: 404 unless `who` is a member.
Response show_organization(const Site& site, const service::OrganizationService& organizations,
                           const Request& request, const service::SignedIn& who,
                           const std::string& error, int status,
                           const TypedInvitation* typed = nullptr);
// A refused change shown on the organization page (validation, the last owner, a link used
// meanwhile, a limit: 429 with Retry-After), or the error page for anything else.
Response organization_error(const Site& site, const service::OrganizationService& organizations,
                            const Request& request, const service::SignedIn& who,
                            const Error& error, const TypedInvitation* typed = nullptr);

// "/orgs/<id>", the organization's page.
std::string organization_path(long long organization_id);

// Changing roles, removing members, the audit log (members.cpp).
void add_members(Site& site, Router& router, const service::AccountService& accounts,
                 const service::OrganizationService& organizations);

}  // namespace cbe::web::handlers
