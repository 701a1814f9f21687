// Roles and organization kinds are defined once in C++; the SQL CHECK constraints that restate
// them in the migrations must list exactly the same words.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "access/policy.hpp"
#include "store/organization_repository.hpp"

namespace cbe::store {

namespace {

// Every word list of `column IN ('a', 'b', …)` in the SQLite migrations.
std::vector<std::set<std::string>> check_lists(const std::string& column) {
    std::vector<std::set<std::string>> out;
    const std::regex in_list(column + R"(\s+IN\s*\(([^)]*)\))");
    const std::regex word(R"('([a-z]+)')");
    for (const auto& file :
         std::filesystem::directory_iterator(std::string(CBE_SOURCE_DIR) + "/migrations/sqlite")) {
        std::ifstream in(file.path());
        std::stringstream text;
        text << in.rdbuf();
        std::string sql = text.str();
        for (std::sregex_iterator it(sql.begin(), sql.end(), in_list), end; it != end; ++it) {
            std::set<std::string> words;
            std::string list = (*it)[1];
            for (std::sregex_iterator w(list.begin(), list.end(), word); w != end; ++w) {
                words.insert((*w)[1]);
            }
            out.push_back(words);
        }
    }
    return out;
}

}  // namespace

TEST(Vocabulary, RoleChecksInTheSchemaMatchThePolicy) {
    std::set<std::string> roles;
    for (auto role : {access::Role::kViewer, access::Role::kMember, access::Role::kFacilitator,
                      access::Role::kOwner}) {
        roles.insert(std::string(access::role_name(role)));
        EXPECT_EQ(access::parse_role(access::role_name(role)), role);
    }
    auto lists = check_lists("role");
    ASSERT_FALSE(lists.empty());
    for (const auto& list : lists) EXPECT_EQ(list, roles);
}

TEST(Vocabulary, OrganizationKindChecksInTheSchemaMatchTheStore) {
    std::set<std::string> kinds(kOrganizationKinds.begin(), kOrganizationKinds.end());
    auto lists = check_lists("kind");
    ASSERT_FALSE(lists.empty());
    for (const auto& list : lists) EXPECT_EQ(list, kinds);
    EXPECT_TRUE(is_organization_kind("district"));
    EXPECT_FALSE(is_organization_kind("county"));
}

}  // namespace cbe::store
