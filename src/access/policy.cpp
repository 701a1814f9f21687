#include "access/policy.hpp"

#include <algorithm>

namespace cbe::access {

std::optional<Role> parse_role(std::string_view name) {
    if (name == "viewer") return Role::kViewer;
    if (name == "member") return Role::kMember;
    if (name == "facilitator") return Role::kFacilitator;
    if (name == "owner") return Role::kOwner;
    return std::nullopt;
}

std::string_view role_name(Role role) {
    switch (role) {
        case Role::kViewer:
            return "viewer";
        case Role::kMember:
            return "member";
        case Role::kFacilitator:
            return "facilitator";
        case Role::kOwner:
            return "owner";
    }
    return "viewer";
}

namespace {
// The least role that may do `action`.
Role least_role_for(Action action) {
    switch (action) {
        case Action::kViewOrganization:
            return Role::kViewer;
        case Action::kAddAssessment:
        case Action::kEditPlan:
            return Role::kMember;
        case Action::kRunSession:
            return Role::kFacilitator;
        case Action::kManageMembers:
        case Action::kDeleteAssessment:
        case Action::kViewAuditLog:
        case Action::kSetLinkAccess:
        case Action::kAddSuborganization:
            return Role::kOwner;
    }
    return Role::kOwner;
}
}  // namespace

bool allowed(std::optional<Role> role, Action action) {
    return role.has_value() && static_cast<int>(*role) >= static_cast<int>(least_role_for(action));
}

bool is_organization_kind(std::string_view kind) {
    return std::find(kOrganizationKinds.begin(), kOrganizationKinds.end(), kind) !=
           kOrganizationKinds.end();
}

}  // namespace cbe::access
