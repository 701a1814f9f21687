// Organizations over HTTP: members see their organization, others get 404; moving an
// assessment into an organization needs at least the member role.
#include <gtest/gtest.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

class Organizations : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>();
        store::OrganizationRepository orgs(server_->database);
        org_ = orgs.create("Portland Public Schools", "district", 0, "t").value().id;
        other_org_ = orgs.create("Bangor", "district", 0, "t").value().id;
    }
    std::unique_ptr<RunningServer> server_;
    long long org_ = 0, other_org_ = 0;
};

TEST_F(Organizations, MembersSeeTheirOrganizationOthersGet404) {
    Client member(server_->port), outsider(server_->port), anonymous(server_->port);
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(
        orgs.set_member(org_, sign_up(*server_, member, "mia"), access::Role::kViewer, "t"));
    ASSERT_TRUE(
        orgs.set_member(other_org_, sign_up(*server_, outsider, "oz"), access::Role::kOwner, "t"));
    auto page = member.get("/orgs/" + std::to_string(org_));
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Portland Public Schools"), std::string::npos);
    EXPECT_EQ(outsider.get("/orgs/" + std::to_string(org_)).status,
              404);  // owner elsewhere, not here
    EXPECT_EQ(member.get("/orgs/999").status, 404);
    EXPECT_EQ(member.get("/orgs/abc").status, 404);
    EXPECT_EQ(anonymous.get("/orgs/" + std::to_string(org_)).status, 303);
    EXPECT_NE(member.get("/account").body.find("/orgs/" + std::to_string(org_)), std::string::npos);
}

TEST_F(Organizations, SigningInComesBackToThePageThatAskedForIt) {
    Client mia(server_->port);
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, mia, "mia"), access::Role::kViewer, "t"));
    mia.post("/sign-out", "csrf=" + mia.csrf());
    std::string page = "/orgs/" + std::to_string(org_) + "?done=role";
    auto asked = mia.get(page);
    EXPECT_EQ(asked.status, 303);
    EXPECT_EQ(asked.headers["location"],
              "/sign-in?next=/orgs/" + std::to_string(org_) + "%3Fdone%3Drole");
    auto form = mia.get(asked.headers["location"]);
    EXPECT_NE(form.body.find("name=\"next\" value=\"" + page + "\""), std::string::npos);
    auto signed_in =
        mia.post("/sign-in", "csrf=" + mia.csrf() + "&next=" + "%2Forgs%2F" + std::to_string(org_) +
                                 "%3Fdone%3Drole" +
                                 "&email=mia%40example.org&password=correct+horse+battery");
    EXPECT_EQ(signed_in.status, 303);
    EXPECT_EQ(signed_in.headers["location"], page);
    // Somewhere else is never a place to come back to.
    mia.post("/sign-out", "csrf=" + mia.csrf());
    mia.get("/sign-in?next=//evil.example/");
    auto elsewhere =
        mia.post("/sign-in", "csrf=" + mia.csrf() + "&next=%2F%2Fevil.example%2F" +
                                 "&email=mia%40example.org&password=correct+horse+battery");
    EXPECT_EQ(elsewhere.headers["location"], "/account");
}

TEST_F(Organizations, ThePageShowsWhereTheOrganizationSitsInTheHierarchy) {
    store::OrganizationRepository orgs(server_->database);
    long long state = orgs.create("Maine DOE", "state", 0, "t").value().id;
    long long district = orgs.create("Portland", "district", state, "t").value().id;
    long long school = orgs.create("Casco Bay High School", "school", district, "t").value().id;
    Client member(server_->port);
    long long id = sign_up(*server_, member, "mo");
    ASSERT_TRUE(orgs.set_member(district, id, access::Role::kViewer, "t"));
    ASSERT_TRUE(orgs.set_member(school, id, access::Role::kViewer, "t"));
    auto page = member.get("/orgs/" + std::to_string(district)).body;
    // The state is named (not linked: not a member there); the school is linked.
    EXPECT_NE(page.find("A district organization in Maine DOE."), std::string::npos);
    EXPECT_EQ(page.find("href=\"/orgs/" + std::to_string(state) + "\""), std::string::npos);
    EXPECT_NE(page.find("<a href=\"/orgs/" + std::to_string(school) +
                        "\">Casco Bay High School</a> (school)"),
              std::string::npos);
    auto school_page = member.get("/orgs/" + std::to_string(school)).body;
    EXPECT_NE(
        school_page.find("in <a href=\"/orgs/" + std::to_string(district) + "\">Portland</a>"),
        std::string::npos);
}

TEST_F(Organizations, MovingAnAssessmentInNeedsTheMemberRole) {
    Client viewer(server_->port), member(server_->port);
    store::OrganizationRepository orgs(server_->database);
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, viewer, "vi"), access::Role::kViewer, "t"));
    ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, member, "mo"), access::Role::kMember, "t"));
    member.get("/assessments/new?audience=district");
    auto started = member.post("/assessments",
                               "csrf=" + member.csrf() + "&audience=district&label=Spring+review");
    std::smatch m;
    std::string location = started.headers["location"];
    ASSERT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})")));
    std::string token = m[1];

    auto overview = member.get("/a/" + token);
    EXPECT_NE(overview.body.find("Move into this organization"), std::string::npos);
    viewer.get("/a/" + token);  // a viewer is offered nothing, and a forced post is refused
    EXPECT_EQ(viewer.get("/a/" + token).body.find("Move into this organization"),
              std::string::npos);
    EXPECT_EQ(viewer
                  .post("/a/" + token + "/move",
                        "csrf=" + viewer.csrf() + "&organization=" + std::to_string(org_))
                  .status,
              404);
    EXPECT_TRUE(orgs.assessments(org_)->empty());
    EXPECT_EQ(member
                  .post("/a/" + token + "/move",
                        "csrf=" + member.csrf() + "&organization=" + std::to_string(other_org_))
                  .status,
              404);  // not a member there
    auto moved = member.post("/a/" + token + "/move",
                             "csrf=" + member.csrf() + "&organization=" + std::to_string(org_));
    EXPECT_EQ(moved.status, 303);
    EXPECT_EQ(moved.headers["location"], "/orgs/" + std::to_string(org_));
    auto org_page = viewer.get("/orgs/" + std::to_string(org_));
    EXPECT_NE(org_page.body.find("Spring review"), std::string::npos);

    // Members open it through the organization, without the private link.
    std::smatch link;
    ASSERT_TRUE(std::regex_search(org_page.body, link,
                                  std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string path = link[1];
    auto results = viewer.get(path);
    EXPECT_EQ(results.status, 200);
    EXPECT_NE(results.body.find("<h1>Spring review</h1>"), std::string::npos);
    EXPECT_EQ(results.body.find("Change answers"), std::string::npos);  // editing needs the link
    EXPECT_EQ(results.body.find(token), std::string::npos);             // never leaked to members
    auto csv = viewer.get(path + "/results.csv");
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
    // Someone else's organization, or the same assessment under another organization: 404.
    Client outsider(server_->port);
    ASSERT_TRUE(
        orgs.set_member(other_org_, sign_up(*server_, outsider, "ox"), access::Role::kOwner, "t"));
    EXPECT_EQ(outsider.get(path).status, 404);
    EXPECT_EQ(outsider.get(path + "/results.json").status, 404);
    std::string elsewhere = std::regex_replace(path, std::regex("^/orgs/[0-9]+"),
                                               "/orgs/" + std::to_string(other_org_));
    EXPECT_EQ(outsider.get(elsewhere).status, 404);
    // The export is in the audit log.
    store::AccountRepository accounts(server_->database);
    auto who = accounts.find_user("vi@example.org").value();
    EXPECT_EQ(accounts.audit_entries(who.id, 5)->front().entry.event, "export");
}

}  // namespace cbe::testing
