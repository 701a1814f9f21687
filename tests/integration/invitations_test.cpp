// Invitation links: made by owners only, let a new person sign up on an invitation-only site and
// join with the link's role, work once, and expire after 7 days.
#include <gtest/gtest.h>

#include <limits>
#include <regex>

#include "core/crypto.hpp"
#include "core/password.hpp"
#include "integration/fixtures.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

ServeConfig invitation_only() {
    ServeConfig config = config_for_tests();
    config.sign_up_open = false;
    return config;
}

}  // namespace

class Invitations : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(invitation_only(), clock_.clock());
        store::OrganizationRepository orgs(server_->database);
        store::AccountRepository accounts(server_->database);
        org_ = orgs.create("Portland", "district", 0, "t").value().id;
        auto owner = accounts.create_user(
            "olive@example.org", "Olive",
            crypto::hash_password("correct horse battery", crypto::minimum_cost()).value(), "t");
        ASSERT_TRUE(orgs.set_member(org_, owner->id, access::Role::kOwner, "t"));
    }
    // Signs the owner in and makes an invitation link for `role`; returns its path.
    std::string invite(Client& owner, const std::string& role) const {
        sign_in(owner, "olive", "correct+horse+battery");
        return "/invitations/" + invitation_token(owner, org_path(org_), role);
    }
    MovableClock clock_;
    std::unique_ptr<RunningServer> server_;
    long long org_ = 0;
};

TEST_F(Invitations, ANewPersonSignsUpThroughTheLinkAndJoinsWithItsRole) {
    Client owner(server_->port), newcomer(server_->port);
    std::string link = invite(owner, "member");
    EXPECT_EQ(newcomer.get("/sign-up").status, 403);  // invitation-only site
    auto page = newcomer.get(link);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Join Portland"), std::string::npos);
    std::string token = link.substr(link.rfind('/') + 1);
    EXPECT_EQ(newcomer.get("/sign-up?invitation=" + token).status, 200);
    auto joined = newcomer.post(
        "/sign-up", "csrf=" + newcomer.csrf() + "&invitation=" + token +
                        "&name=Nia&email=nia%40example.org&password=correct+horse+battery");
    EXPECT_EQ(joined.status, 303);
    EXPECT_EQ(joined.headers["location"], "/orgs/" + std::to_string(org_));
    store::OrganizationRepository orgs(server_->database);
    auto nia = store::AccountRepository(server_->database).find_user("nia@example.org").value();
    EXPECT_EQ(orgs.role_of(org_, nia.id).value(), access::Role::kMember);
    // The link worked once.
    Client third(server_->port);
    EXPECT_EQ(third.get(link).status, 404);
    EXPECT_EQ(third
                  .post("/sign-up",
                        "csrf=" + third.csrf() + "&invitation=" + token +
                            "&name=Tom&email=tom%40example.org&password=correct+horse+battery")
                  .status,
              403);
}

TEST_F(Invitations, SignedInPeopleAcceptAndLinksExpireAfterSevenDays) {
    Client owner(server_->port);
    std::string first = invite(owner, "viewer");
    std::string second = invite(owner, "viewer");
    // The owner's own account accepts the first (as an already signed-in person would).
    owner.get(first);
    EXPECT_EQ(owner.post(first, "csrf=" + owner.csrf()).status, 303);
    clock_.offset += 8LL * 24 * 3600;
    Client late(server_->port);
    EXPECT_EQ(late.get(second).status, 404);
}

TEST_F(Invitations, OnlyOwnersMakeInvitations) {
    Client owner(server_->port), viewer(server_->port);
    std::string link = invite(owner, "viewer");
    std::string token = link.substr(link.rfind('/') + 1);
    viewer.get("/sign-up?invitation=" + token);
    viewer.post("/sign-up", "csrf=" + viewer.csrf() + "&invitation=" + token +
                                "&name=Vic&email=vic%40example.org&password=correct+horse+battery");
    EXPECT_EQ(viewer.get("/orgs/" + std::to_string(org_)).body.find("Make an invitation link"),
              std::string::npos);
    EXPECT_EQ(viewer
                  .post("/orgs/" + std::to_string(org_) + "/invitations",
                        "csrf=" + viewer.csrf() + "&role=owner")
                  .status,
              404);
}

TEST_F(Invitations, OwnersRevokeLinksNobodyUsedYet) {
    Client owner(server_->port), stranger(server_->port);
    std::string link = invite(owner, "member");
    std::string org = "/orgs/" + std::to_string(org_);
    auto page = owner.get(org);
    EXPECT_NE(page.body.find("Invitation links not used yet"), std::string::npos);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        page.body, m, std::regex("action=\"(/orgs/[0-9]+/invitations/[0-9]+/revoke)\"")));
    std::string revoke = m[1];

    // Nobody but an owner may revoke it.
    Client viewer(server_->port);
    std::string other = invite(owner, "viewer");
    std::string token = other.substr(other.rfind('/') + 1);
    viewer.get("/sign-up?invitation=" + token);
    viewer.post("/sign-up", "csrf=" + viewer.csrf() + "&invitation=" + token +
                                "&name=Vic&email=vic%40example.org&password=correct+horse+battery");
    EXPECT_EQ(viewer.post(revoke, "csrf=" + viewer.csrf()).status, 404);
    EXPECT_EQ(stranger.get(link).status, 200);  // still open

    owner.get(org);
    auto revoked = owner.post(revoke, "csrf=" + owner.csrf());
    EXPECT_EQ(revoked.status, 303);
    EXPECT_EQ(revoked.headers["location"], org + "?done=revoked");
    EXPECT_EQ(stranger.get(link).status, 404);
    EXPECT_EQ(owner.get(org).body.find(revoke), std::string::npos);
    // Revoking it again says why nothing happened.
    auto again = owner.post(revoke, "csrf=" + owner.csrf());
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.body.find("used or revoked already"), std::string::npos);
    auto log = store::AccountRepository(server_->database)
                   .organization_audit(org_, std::numeric_limits<long long>::max(), 5)
                   .value();
    EXPECT_EQ(log.front().entry.event, "invitation-revoked");
}

}  // namespace cbe::testing
