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

Response organization_failure(const Site& site, const Error& error, const Request& request) {
    return error.code == ErrorCode::kNotFound ? site.not_found(request)
                                              : failure_page(site, error, request);
}

std::string organization_path(long long organization_id) {
    return "/orgs/" + std::to_string(organization_id);
}

}  // namespace cbe::web::handlers
