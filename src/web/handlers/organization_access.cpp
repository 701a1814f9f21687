#include "web/handlers/organization_access.hpp"

#include "store/organization_repository.hpp"
#include "web/handlers/assessment_access.hpp"

namespace cbe::web::handlers {

long long id_param(const Request& request, const std::string& name) {
    auto it = request.params.find(name);
    return it == request.params.end() ? 0 : parse_id(it->second);
}

Result<access::Role> role_allowing(const Site& site, long long organization_id, const SignedIn& who,
                                   access::Action action) {
    store::OrganizationRepository orgs(site.database());
    auto role = orgs.role_of(organization_id, who.user.id);
    if (!role) return tl::unexpected(role.error());
    if (!access::allowed(*role, action)) return fail(ErrorCode::kNotFound, "not found");
    return **role;
}

std::variant<OrganizationPost, Response> organization_post(const Site& site, const Request& request,
                                                           access::Action action) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    long long organization_id = id_param(request);
    auto role = role_allowing(site, organization_id, *who, action);
    if (!role) return organization_failure(site, role.error(), request);
    return OrganizationPost{std::move(std::get<Form>(checked)), std::move(*who), organization_id};
}

Response organization_failure(const Site& site, const Error& error, const Request& request) {
    return error.code == ErrorCode::kNotFound ? site.not_found(request)
                                              : failure_page(site, error, request);
}

std::string organization_path(long long organization_id) {
    return "/orgs/" + std::to_string(organization_id);
}

}  // namespace cbe::web::handlers
