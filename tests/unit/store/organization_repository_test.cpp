#include "store/organization_repository.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/account_repository.hpp"
#include "store/assessment_repository.hpp"
#include "store/migrations.hpp"

namespace cbe::store {

class OrganizationStore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-org-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        db_ = Database::open_sqlite((dir_ / "t.db").string(), 2).value();
        migrate(*db_, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite").value();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
    std::shared_ptr<Database> db_;
};

TEST_F(OrganizationStore, OrganizationsNestAndCheckTheirKind) {
    OrganizationRepository orgs(db_);
    auto state = orgs.create("Maine", "state", 0, "t").value();
    auto district = orgs.create("Portland", "district", state.id, "t").value();
    EXPECT_EQ(orgs.find(district.id)->parent_id, state.id);
    EXPECT_EQ(orgs.create("Mars", "planet", 0, "t").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(orgs.create("Orphan", "school", 999, "t").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(orgs.find(999).error().code, ErrorCode::kNotFound);
}

TEST_F(OrganizationStore, MembershipsCarryRolesThatCanChange) {
    OrganizationRepository orgs(db_);
    AccountRepository accounts(db_);
    auto ada = accounts.create_user("ada@example.org", "Ada", "h", "t").value();
    auto org = orgs.create("Portland", "district", 0, "t").value();
    EXPECT_FALSE(orgs.role_of(org.id, ada.id).value().has_value());
    ASSERT_TRUE(orgs.set_member(org.id, ada.id, access::Role::kMember, "t"));
    EXPECT_EQ(orgs.role_of(org.id, ada.id).value(), access::Role::kMember);
    ASSERT_TRUE(orgs.set_member(org.id, ada.id, access::Role::kOwner, "t"));
    EXPECT_EQ(orgs.role_of(org.id, ada.id).value(), access::Role::kOwner);
    auto mine = orgs.memberships_of(ada.id).value();
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].organization.name, "Portland");
    EXPECT_EQ(orgs.members(org.id)->front().email, "ada@example.org");
}

TEST_F(OrganizationStore, AssessmentsMoveIntoAnOrganization) {
    OrganizationRepository orgs(db_);
    AssessmentRepository assessments(db_);
    auto org = orgs.create("Portland", "district", 0, "t").value();
    auto a = assessments.create("hash", "district", "Spring review", "1.0.0", "t").value();
    EXPECT_TRUE(orgs.assessments(org.id)->empty());
    ASSERT_TRUE(orgs.adopt_assessment(org.id, a.id));
    auto listed = orgs.assessments(org.id).value();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].label, "Spring review");
}

}  // namespace cbe::store
