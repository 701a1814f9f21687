// Shared by the organization handlers: who is asking, and whether access::allowed lets them.
// Internal to web/handlers.
#pragma once

#include <string>
#include <variant>

#include "access/policy.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"

namespace cbe::web::handlers {

// A numeric path parameter, or 0 (which names nothing) when absent or not a number.
long long id_param(const Request& request, const std::string& name = "id");

// The user's role in the organization when it allows `action`. Otherwise kNotFound — the same
// answer as for a missing organization, so its existence is not revealed to outsiders.
Result<access::Role> role_allowing(const Site& site, long long organization_id, const SignedIn& who,
                                   access::Action action);

// A form posted to /orgs/{id}/… by a member whose role there allows `action`: the form (its
// CSRF token checked), who posted it, and the organization's id.
struct OrganizationPost {
    Form form;
    SignedIn who;
    long long organization_id = 0;
};
// The post, or the response that refuses it: 403 (CSRF), a redirect to sign in, or 404.
std::variant<OrganizationPost, Response> organization_post(const Site& site, const Request& request,
                                                           access::Action action);

// A failure page: the site's plain 404 for kNotFound (not an assessment's), else failure_page.
Response organization_failure(const Site& site, const Error& error, const Request& request);

// "/orgs/<id>", the organization's page.
std::string organization_path(long long organization_id);

}  // namespace cbe::web::handlers
