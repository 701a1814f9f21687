#include "access/policy.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace cbe::access {

// The whole table, spelled out: who may do what (docs/accounts.md, "Authorization").
TEST(Policy, EveryRoleAgainstEveryAction) {
    using R = std::optional<Role>;
    const std::vector<std::pair<Action, std::map<std::string, bool>>> table{
        {Action::kViewOrganization,
         {{"none", false},
          {"viewer", true},
          {"member", true},
          {"facilitator", true},
          {"owner", true}}},
        {Action::kAddAssessment,
         {{"none", false},
          {"viewer", false},
          {"member", true},
          {"facilitator", true},
          {"owner", true}}},
        {Action::kRunSession,
         {{"none", false},
          {"viewer", false},
          {"member", false},
          {"facilitator", true},
          {"owner", true}}},
        {Action::kManageMembers,
         {{"none", false},
          {"viewer", false},
          {"member", false},
          {"facilitator", false},
          {"owner", true}}},
        {Action::kDeleteAssessment,
         {{"none", false},
          {"viewer", false},
          {"member", false},
          {"facilitator", false},
          {"owner", true}}},
        {Action::kViewAuditLog,
         {{"none", false},
          {"viewer", false},
          {"member", false},
          {"facilitator", false},
          {"owner", true}}},
        {Action::kSetLinkAccess,
         {{"none", false},
          {"viewer", false},
          {"member", false},
          {"facilitator", false},
          {"owner", true}}},
        {Action::kAddSuborganization,
         {{"none", false},
          {"viewer", false},
          {"member", false},
          {"facilitator", false},
          {"owner", true}}},
        {Action::kEditPlan,
         {{"none", false},
          {"viewer", false},
          {"member", true},
          {"facilitator", true},
          {"owner", true}}},
    };
    for (const auto& [action, expected] : table) {
        for (const auto& [name, allowed_expected] : expected) {
            R role = name == "none" ? R{} : parse_role(name);
            EXPECT_EQ(allowed(role, action), allowed_expected)
                << name << " / " << static_cast<int>(action);
        }
    }
}

TEST(Policy, RoleNamesRoundTripAndUnknownNamesAreRefused) {
    for (const char* name : {"viewer", "member", "facilitator", "owner"}) {
        EXPECT_EQ(role_name(*parse_role(name)), name);
    }
    EXPECT_FALSE(parse_role("admin"));
    EXPECT_FALSE(parse_role("Owner"));
}

}  // namespace cbe::access
