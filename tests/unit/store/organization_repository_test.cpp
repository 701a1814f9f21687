#include "store/organization_repository.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <random>
#include <thread>

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
    auto school = orgs.create("Casco Bay High School", "school", district.id, "t").value();
    auto other = orgs.create("Bangor", "district", state.id, "t").value();
    auto districts = orgs.children(state.id).value();
    ASSERT_EQ(districts.size(), 2u);
    EXPECT_EQ(districts[0].id, other.id);  // by name
    EXPECT_EQ(districts[1].id, district.id);
    EXPECT_EQ(orgs.children(district.id)->front().id, school.id);
    EXPECT_TRUE(orgs.children(school.id)->empty());
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

// The move checks, in its own statement, that the assessment is still where it was, that the
// mover owns the organization it leaves and may add assessments to the one it enters: an owner
// lowered to member a moment before the move cannot move it any more.
TEST_F(OrganizationStore, AnAssessmentMovesOnlyByRolesHeldAtTheMoment) {
    OrganizationRepository orgs(db_);
    AccountRepository accounts(db_);
    AssessmentRepository assessments(db_);
    auto ada = accounts.create_user("ada@example.org", "Ada", "h", "t").value();
    auto bo = accounts.create_user("bo@example.org", "Bo", "h", "t").value();
    auto from = orgs.create("Portland", "district", 0, "t").value();
    auto to = orgs.create("Bangor", "district", 0, "t").value();
    ASSERT_TRUE(orgs.set_member(from.id, ada.id, access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(from.id, bo.id, access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(to.id, ada.id, access::Role::kMember, "t"));
    auto a = assessments.create("hash", "district", "Spring review", "1.0.0", "t").value();
    auto held_by = [&] { return assessments.find_by_id(a.id).value().organization_id; };

    // From no organization: anyone who may add assessments where it goes.
    EXPECT_EQ(orgs.move_assessment(a.id, 0, to.id, bo.id, "t").error().code,
              ErrorCode::kForbidden);  // Bo is not a member there
    ASSERT_TRUE(orgs.move_assessment(a.id, 0, from.id, bo.id, "t"));
    EXPECT_EQ(held_by(), from.id);

    // Ada is lowered to member of the organization that holds it: she cannot move it out.
    ASSERT_TRUE(orgs.change_role(from.id, ada.id, access::Role::kMember));
    EXPECT_EQ(orgs.move_assessment(a.id, from.id, to.id, ada.id, "t").error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(held_by(), from.id);
    // Bo owns it but may not add assessments where it would go.
    EXPECT_EQ(orgs.move_assessment(a.id, from.id, to.id, bo.id, "t").error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(held_by(), from.id);
    // Not where the mover thought it was: a conflict, whatever the roles.
    EXPECT_EQ(orgs.move_assessment(a.id, to.id, from.id, ada.id, "t").error().code,
              ErrorCode::kConflict);

    // An owner again, she moves it.
    ASSERT_TRUE(orgs.change_role(from.id, ada.id, access::Role::kOwner));
    ASSERT_TRUE(orgs.move_assessment(a.id, from.id, to.id, ada.id, "t"));
    EXPECT_EQ(held_by(), to.id);
}

// Invitation links made at the same moment on separate connections stop exactly at the cap,
// each refused one with the cap's answer, none with a busy database.
TEST_F(OrganizationStore, OpenInvitationsMadeTogetherStopExactlyAtTheCap) {
    auto many = Database::open_sqlite((dir_ / "t.db").string(), 8).value();
    OrganizationRepository orgs(many);
    auto org = orgs.create("Portland", "district", 0, "t").value();
    const size_t cap = 20;
    std::atomic<int> made{0}, capped{0}, other{0};
    std::vector<std::thread> threads;
    threads.reserve(8);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                auto done = orgs.create_invitation(
                    "hash-" + std::to_string(t) + "-" + std::to_string(i), org.id,
                    access::Role::kMember, 0, "2026-01-01", "2099-01-01", "", cap);
                if (done) {
                    ++made;
                } else if (done.error().message == "invitation.too-many") {
                    ++capped;
                } else {
                    ++other;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(made.load(), static_cast<int>(cap));
    EXPECT_EQ(capped.load(), 40 - static_cast<int>(cap));
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(orgs.open_invitations(org.id, "2026-01-01")->size(), cap);
}

TEST_F(OrganizationStore, RolesChangeAndMembersLeaveButTheLastOwnerStays) {
    OrganizationRepository orgs(db_);
    AccountRepository accounts(db_);
    auto ada = accounts.create_user("ada@example.org", "Ada", "h", "t").value();
    auto bo = accounts.create_user("bo@example.org", "Bo", "h", "t").value();
    auto org = orgs.create("Portland", "district", 0, "t").value();
    ASSERT_TRUE(orgs.set_member(org.id, ada.id, access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(org.id, bo.id, access::Role::kViewer, "t"));

    // The only owner can neither step down nor leave.
    EXPECT_EQ(orgs.change_role(org.id, ada.id, access::Role::kMember).error().code,
              ErrorCode::kConflict);
    EXPECT_EQ(orgs.remove_member(org.id, ada.id, "t").error().code, ErrorCode::kConflict);
    // Nor be lowered by setting the membership again (`roadmap org add-member`).
    EXPECT_EQ(orgs.set_member(org.id, ada.id, access::Role::kViewer, "t").error().code,
              ErrorCode::kConflict);
    ASSERT_TRUE(orgs.set_member(org.id, ada.id, access::Role::kOwner, "t"));  // the same role
    EXPECT_EQ(orgs.role_of(org.id, ada.id).value(), access::Role::kOwner);

    // With a second owner, the first may step down; then the second is the last.
    ASSERT_TRUE(orgs.change_role(org.id, bo.id, access::Role::kOwner));
    ASSERT_TRUE(orgs.change_role(org.id, ada.id, access::Role::kFacilitator));
    EXPECT_EQ(orgs.role_of(org.id, ada.id).value(), access::Role::kFacilitator);
    EXPECT_EQ(orgs.remove_member(org.id, bo.id, "t").error().code, ErrorCode::kConflict);
    ASSERT_TRUE(orgs.remove_member(org.id, ada.id, "t"));
    EXPECT_FALSE(orgs.role_of(org.id, ada.id).value().has_value());

    // Someone who is not a member is not found, whatever the change.
    EXPECT_EQ(orgs.change_role(org.id, ada.id, access::Role::kViewer).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(orgs.remove_member(org.id, ada.id, "t").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(orgs.remove_member(org.id + 1, bo.id, "t").error().code, ErrorCode::kNotFound);
}

TEST_F(OrganizationStore, AcceptingAnInvitationNeverLowersARole) {
    OrganizationRepository orgs(db_);
    AccountRepository accounts(db_);
    auto ada = accounts.create_user("ada@example.org", "Ada", "h", "t").value();
    auto org = orgs.create("Portland", "district", 0, "t").value();
    ASSERT_TRUE(orgs.set_member(org.id, ada.id, access::Role::kFacilitator, "t"));
    ASSERT_TRUE(orgs.create_invitation("low", org.id, access::Role::kViewer, 0, "t", "2099"));
    ASSERT_TRUE(orgs.create_invitation("high", org.id, access::Role::kOwner, 0, "t", "2099"));
    ASSERT_TRUE(orgs.accept_invitation("low", ada.id, "t"));
    EXPECT_EQ(orgs.role_of(org.id, ada.id).value(), access::Role::kFacilitator);
    ASSERT_TRUE(orgs.accept_invitation("high", ada.id, "t"));
    EXPECT_EQ(orgs.role_of(org.id, ada.id).value(), access::Role::kOwner);
}

TEST_F(OrganizationStore, OpenInvitationsAreListedAndCanBeRevoked) {
    OrganizationRepository orgs(db_);
    AccountRepository accounts(db_);
    auto ada = accounts.create_user("ada@example.org", "Ada", "h", "t").value();
    auto org = orgs.create("Portland", "district", 0, "t").value();
    auto other = orgs.create("Bangor", "district", 0, "t").value();
    const std::string now = "2026-06-01T00:00:00Z";
    long long open = orgs.create_invitation("open", org.id, access::Role::kMember, ada.id,
                                            "2026-05-30T00:00:00Z", "2026-06-06T00:00:00Z")
                         .value();
    long long used = orgs.create_invitation("used", org.id, access::Role::kViewer, ada.id,
                                            "2026-05-30T00:00:00Z", "2026-06-06T00:00:00Z")
                         .value();
    ASSERT_TRUE(orgs.create_invitation("expired", org.id, access::Role::kOwner, 0,
                                       "2026-05-01T00:00:00Z", "2026-05-08T00:00:00Z"));
    long long elsewhere = orgs.create_invitation("elsewhere", other.id, access::Role::kViewer, 0,
                                                 "2026-05-30T00:00:00Z", "2026-06-06T00:00:00Z")
                              .value();
    EXPECT_NE(open, used);
    ASSERT_TRUE(orgs.accept_invitation("used", ada.id, now));

    auto listed = orgs.open_invitations(org.id, now).value();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, open);
    EXPECT_EQ(listed[0].role, access::Role::kMember);
    EXPECT_EQ(listed[0].made_by, "Ada");

    // Only an open invitation of this organization can be revoked; then its link is gone.
    EXPECT_EQ(orgs.revoke_invitation(org.id, elsewhere).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(orgs.revoke_invitation(org.id, used).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(orgs.revoke_invitation(org.id, open));
    EXPECT_TRUE(orgs.open_invitations(org.id, now)->empty());
    EXPECT_EQ(orgs.invitation("open").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(orgs.revoke_invitation(org.id, open).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(orgs.invitation("elsewhere"));
}

// Migration 0006 rebuilds the invitations table: links made before it keep working.
TEST(InvitationMigration, InvitationsMadeBeforeTheirIdsKeepWorking) {
    namespace fs = std::filesystem;
    fs::path dir =
        fs::temp_directory_path() / ("cbe-mig-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const std::string migrations = std::string(CBE_SOURCE_DIR) + "/migrations/sqlite";
    auto db = Database::open_sqlite((dir / "t.db").string(), 1).value();
    ASSERT_EQ(migrate(*db, migrations, 5).value(), 5);
    OrganizationRepository orgs(db);
    auto org = orgs.create("Portland", "district", 0, "t").value();
    {
        auto lease = db->lease().value();
        lease.session() << "INSERT INTO invitations (token_hash, organization_id, role, "
                           "created_at, expires_at) VALUES ('before', :org, 'member', "
                           "'2026-05-30T00:00:00Z', '2026-06-06T00:00:00Z')",
            soci::use(org.id);
    }
    ASSERT_EQ(migrate(*db, migrations).value(), kSchemaVersion);
    auto kept = orgs.invitation("before").value();
    EXPECT_EQ(kept.organization_id, org.id);
    EXPECT_EQ(kept.role, access::Role::kMember);
    auto listed = orgs.open_invitations(org.id, "2026-06-01T00:00:00Z").value();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_GT(listed[0].id, 0);
    db.reset();
    fs::remove_all(dir);
}

TEST_F(OrganizationStore, AnOrganizationsAuditLogHoldsItsEventsAndItsMembersSinceJoining) {
    OrganizationRepository orgs(db_);
    AccountRepository accounts(db_);
    auto ada = accounts.create_user("ada@example.org", "Ada", "h", "t").value();
    auto cy = accounts.create_user("cy@example.org", "Cy", "h", "t").value();
    auto org = orgs.create("Portland", "district", 0, "t").value();
    auto other = orgs.create("Bangor", "district", 0, "t").value();
    ASSERT_TRUE(accounts.audit({"2026-01-01T00:00:00Z", "sign-in", ada.id, "before", "a", 0}));
    ASSERT_TRUE(orgs.set_member(org.id, ada.id, access::Role::kOwner, "2026-02-01T00:00:00Z"));
    ASSERT_TRUE(orgs.set_member(other.id, cy.id, access::Role::kOwner, "2026-02-01T00:00:00Z"));
    ASSERT_TRUE(accounts.audit({"2026-03-01T00:00:00Z", "sign-in", ada.id, "after", "a", 0}));
    ASSERT_TRUE(accounts.audit({"2026-03-02T00:00:00Z", "sign-in", cy.id, "other member", "c", 0}));
    ASSERT_TRUE(
        accounts.audit({"2026-03-03T00:00:00Z", "export", cy.id, "elsewhere", "c", other.id}));
    ASSERT_TRUE(
        accounts.audit({"2026-03-04T00:00:00Z", "role-changed", ada.id, "here", "a", org.id}));
    ASSERT_TRUE(accounts.audit({"2026-03-05T00:00:00Z", "sign-up", ada.id, "not shown", "a", 0}));

    auto log =
        accounts.organization_audit(org.id, std::numeric_limits<long long>::max(), 10).value();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].entry.detail, "here");  // newest first
    EXPECT_EQ(log[0].entry.organization_id, org.id);
    EXPECT_EQ(log[0].actor, "Ada");
    EXPECT_EQ(log[1].entry.detail, "after");
    EXPECT_EQ(log[1].entry.organization_id, 0);

    // Paging: entries older than the last one shown.
    auto older = accounts.organization_audit(org.id, log[0].id, 10).value();
    ASSERT_EQ(older.size(), 1u);
    EXPECT_EQ(older[0].entry.detail, "after");
    EXPECT_EQ(accounts.organization_audit(org.id, std::numeric_limits<long long>::max(), 1)->size(),
              1u);

    // A member who leaves takes their account events out of the organization's log.
    ASSERT_TRUE(orgs.set_member(org.id, cy.id, access::Role::kOwner, "2026-02-01T00:00:00Z"));
    ASSERT_TRUE(orgs.remove_member(org.id, ada.id, "t"));
    auto after_leaving =
        accounts.organization_audit(org.id, std::numeric_limits<long long>::max(), 10).value();
    ASSERT_EQ(after_leaving.size(), 2u);
    EXPECT_EQ(after_leaving[0].entry.detail, "here");
    EXPECT_EQ(after_leaving[1].entry.detail, "other member");
}

}  // namespace cbe::store
