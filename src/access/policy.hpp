// Who may do what: the one place that decides access (docs/accounts.md, "Authorization").
// Pure functions over roles; handlers ask here and nowhere else.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace cbe::access {

// Roles in an organization, from least to most trusted.
enum class Role { kViewer, kMember, kFacilitator, kOwner };

enum class Action {
    kViewOrganization,  // its page, members and assessments
    kAddAssessment,     // move an assessment one holds the link to into the organization
    kRunSession,        // facilitate team sessions (a later issue)
    kManageMembers,     // invite, change roles, remove
    kDeleteAssessment,  // delete one of the organization's assessments for good
    kViewAuditLog,
    kSetLinkAccess,       // decide whether an assessment's old private link may still change it
    kAddSuborganization,  // create an organization under this one (a school under a district)
    kEditPlan,            // priorities and actions of an action plan (viewers read it)
};

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);

// The kinds of organization, defined once here; the SQL CHECK constraint restates them (a unit
// test compares the two).
inline constexpr std::array<std::string_view, 4> kOrganizationKinds{"state", "district", "school",
                                                                    "network"};
bool is_organization_kind(std::string_view kind);

// `role` is the user's role in the organization, or nullopt when they are not a member:
// non-members may do nothing (and are answered 404, not 403, so the organization's existence
// is not revealed).
bool allowed(std::optional<Role> role, Action action);

}  // namespace cbe::access
