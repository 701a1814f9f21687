// Owners manage their organization over HTTP: change roles, remove members, delete its
// assessments and read its audit log — and the last owner always stays.
#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

class Members : public ::testing::Test {
  protected:
    static constexpr const char* kLongAgo = "2000-01-01T00:00:00Z";
    void SetUp() override {
        server_ = std::make_unique<RunningServer>();
        orgs_ = std::make_unique<store::OrganizationRepository>(server_->database);
        org_ = orgs_->create("Portland Public Schools", "district", 0, "t").value().id;
        ada_ = std::make_unique<Client>(server_->port);
        bo_ = std::make_unique<Client>(server_->port);
        ada_id_ = sign_up(*server_, *ada_, "ada");
        bo_id_ = sign_up(*server_, *bo_, "bo");
        // (Joined long ago: members' account events count from the day they joined.)
        ASSERT_TRUE(orgs_->set_member(org_, ada_id_, access::Role::kOwner, kLongAgo));
        ASSERT_TRUE(orgs_->set_member(org_, bo_id_, access::Role::kMember, kLongAgo));
    }
    std::string org_path() const { return "/orgs/" + std::to_string(org_); }
    std::string member_path(long long user) const {
        return org_path() + "/members/" + std::to_string(user);
    }
    static HttpResult post(Client& client, const std::string& path,
                           const std::string& fields = "") {
        client.get("/account");  // holds a fresh form, as a browser would
        return client.post(path, "csrf=" + client.csrf() + fields);
    }
    std::optional<access::Role> role_of(long long user) {
        return orgs_->role_of(org_, user).value();
    }
    // The organization's log, newest first, as event codes.
    std::vector<std::string> logged_events() {
        std::vector<std::string> out;
        auto log = store::AccountRepository(server_->database)
                       .organization_audit(org_, std::numeric_limits<long long>::max(), 100)
                       .value();
        out.reserve(log.size());
        for (const auto& e : log) out.push_back(e.entry.event);
        return out;
    }
    // Starts an assessment as `client` and moves it into the organization; returns its token.
    std::string assessment_in_organization(Client& client, const std::string& label) {
        client.get("/assessments/new?audience=district");
        auto started = client.post("/assessments",
                                   "csrf=" + client.csrf() + "&audience=district&label=" + label);
        std::smatch m;
        std::string location = started.headers["location"];
        EXPECT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})")));
        std::string token = m[1];
        EXPECT_EQ(
            post(client, "/a/" + token + "/move", "&organization=" + std::to_string(org_)).status,
            303);
        return token;
    }

    std::unique_ptr<RunningServer> server_;
    std::unique_ptr<store::OrganizationRepository> orgs_;
    std::unique_ptr<Client> ada_, bo_;
    long long org_ = 0, ada_id_ = 0, bo_id_ = 0;
};

TEST_F(Members, AnOwnerChangesARoleAndTheChangeIsAudited) {
    auto page = ada_->get(org_path());
    EXPECT_NE(page.body.find("action=\"" + member_path(bo_id_) + "/role\""), std::string::npos);
    EXPECT_EQ(bo_->get(org_path()).body.find("/members/"), std::string::npos);  // not for members

    auto changed = post(*ada_, member_path(bo_id_) + "/role", "&role=facilitator");
    EXPECT_EQ(changed.status, 303);
    EXPECT_EQ(changed.headers["location"], org_path() + "?done=role");
    EXPECT_EQ(role_of(bo_id_), access::Role::kFacilitator);
    EXPECT_NE(ada_->get(changed.headers["location"]).body.find("role is changed."),
              std::string::npos);
    EXPECT_EQ(logged_events().front(), "role-changed");

    // A role that does not exist is refused with a clear error, and nothing changes.
    auto bad = post(*ada_, member_path(bo_id_) + "/role", "&role=admin");
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("Choose one of the four roles."), std::string::npos);
    EXPECT_EQ(role_of(bo_id_), access::Role::kFacilitator);

    // A member may not change roles, not even their own.
    EXPECT_EQ(post(*bo_, member_path(bo_id_) + "/role", "&role=owner").status, 404);
    EXPECT_EQ(role_of(bo_id_), access::Role::kFacilitator);
    // Someone who is not a member cannot be given a role this way.
    Client cy(server_->port);
    long long cy_id = sign_up(*server_, cy, "cy");
    EXPECT_EQ(post(*ada_, member_path(cy_id) + "/role", "&role=viewer").status, 404);
    EXPECT_FALSE(role_of(cy_id));
}

TEST_F(Members, TheLastOwnerCanNeitherStepDownNorLeave) {
    for (const std::string& change : {std::string("/role"), std::string("/remove")}) {
        auto refused = post(*ada_, member_path(ada_id_) + change, "&role=viewer");
        EXPECT_EQ(refused.status, 409) << change;
        EXPECT_NE(refused.body.find("needs at least one owner"), std::string::npos) << change;
        EXPECT_EQ(role_of(ada_id_), access::Role::kOwner) << change;
    }
    EXPECT_TRUE(logged_events().empty());  // nothing changed, nothing logged

    // With a second owner, the first may leave — and then no longer sees the organization.
    ASSERT_EQ(post(*ada_, member_path(bo_id_) + "/role", "&role=owner").status, 303);
    auto left = post(*ada_, member_path(ada_id_) + "/remove");
    EXPECT_EQ(left.status, 303);
    EXPECT_EQ(left.headers["location"], "/account");
    EXPECT_FALSE(role_of(ada_id_));
    EXPECT_EQ(ada_->get(org_path()).status, 404);
    EXPECT_EQ(logged_events().front(), "member-removed");
}

TEST_F(Members, ARemovedMemberLosesAccessAtOnce) {
    std::string token = assessment_in_organization(*bo_, "Spring+review");
    auto page = bo_->get(org_path());
    ASSERT_EQ(page.status, 200);
    std::smatch link;
    ASSERT_TRUE(std::regex_search(page.body, link,
                                  std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string results = link[1];
    EXPECT_EQ(bo_->get(results).status, 200);

    auto removed = post(*ada_, member_path(bo_id_) + "/remove");
    EXPECT_EQ(removed.status, 303);
    EXPECT_EQ(removed.headers["location"], org_path() + "?done=removed");
    EXPECT_EQ(bo_->get(org_path()).status, 404);
    EXPECT_EQ(bo_->get(results).status, 404);
    EXPECT_EQ(bo_->get(results + "/results.csv").status, 404);
    // The assessment stays the organization's; the private link still opens it for its holder…
    EXPECT_EQ(ada_->get(results).status, 200);
    EXPECT_EQ(bo_->get("/a/" + token).status, 200);
    // …until an owner ends that link for good: then it opens nothing, for anyone.
    auto ended = post(*ada_, results + "/link-access", "&link_access=off");
    EXPECT_EQ(ended.status, 303);
    EXPECT_EQ(ended.headers["location"], results + "?done=link-access");
    EXPECT_EQ(bo_->get("/a/" + token).status, 404);
    EXPECT_EQ(bo_->get("/a/" + token + "/results.csv").status, 404);
    Client stranger(server_->port);
    EXPECT_EQ(stranger.get("/a/" + token).status, 404);
    auto after = ada_->get(results + "?done=link-access");
    EXPECT_EQ(after.status, 200);
    EXPECT_NE(after.body.find("the private link is ended; it opens nothing now"),
              std::string::npos);
    EXPECT_EQ(after.body.find("name=\"link_access\""), std::string::npos);  // nothing to set
    EXPECT_EQ(logged_events().front(), "link-access-changed");
    // It cannot be turned back on, nor ended twice.
    EXPECT_EQ(post(*ada_, results + "/link-access", "&link_access=edit").status, 409);
    EXPECT_EQ(post(*ada_, results + "/link-access", "&link_access=off").status, 409);
    EXPECT_EQ(bo_->get("/a/" + token).status, 404);
}

// `roadmap user disable` ends everything the account could still reach: its sessions, and the
// invitation and share links it gave out (a disabled owner's links must not let anyone in).
TEST_F(Members, DisablingAnAccountEndsItsSessionsAndTheLinksItGaveOut) {
    ASSERT_TRUE(orgs_->set_member(org_, bo_id_, access::Role::kOwner, kLongAgo));
    auto invited = post(*bo_, org_path() + "/invitations", "&role=member");
    ASSERT_EQ(invited.status, 200);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(invited.body, m, std::regex("/invitations/[A-Za-z0-9_-]{43}")));
    std::string invitation = m[0];
    assessment_in_organization(*bo_, "Spring+review");
    std::string page = bo_->get(org_path()).body;
    ASSERT_TRUE(
        std::regex_search(page, m, std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string results = m[1];
    auto made = post(*bo_, results + "/share");
    ASSERT_TRUE(std::regex_search(made.body, m, std::regex("/s/[A-Za-z0-9_-]{43}")));
    std::string shared = m[0];
    // Ada's own link stays: only what the disabled account gave out ends.
    std::string adas_page = post(*ada_, results + "/share").body;
    ASSERT_TRUE(std::regex_search(adas_page, m, std::regex("/s/[A-Za-z0-9_-]{43}")));
    std::string adas = m[0];
    Client stranger(server_->port);
    ASSERT_EQ(stranger.get(invitation).status, 200);
    ASSERT_EQ(stranger.get(shared).status, 200);
    ASSERT_EQ(bo_->get("/account").status, 200);

    std::string out = (server_->data_dir() / "disable.out").string();
    std::string command = std::string("cd '") + CBE_SOURCE_DIR + "' && '" + CBE_ROADMAP_BIN +
                          "' user disable --email bo@example.org --data '" +
                          server_->data_dir().string() + "' > '" + out + "' 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);

    EXPECT_NE(bo_->get("/account").status, 200);  // signed out
    EXPECT_EQ(stranger.get(invitation).status, 404);
    EXPECT_EQ(stranger.get(shared).status, 404);
    EXPECT_EQ(stranger.get(adas).status, 200);
    EXPECT_EQ(ada_->get(results).status, 200);
    auto log = store::AccountRepository(server_->database)
                   .organization_audit(org_, std::numeric_limits<long long>::max(), 100)
                   .value();
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.front().entry.event, "user-disabled");
    EXPECT_NE(
        log.front().entry.detail.find("revoked their 1 invitation link(s) and 1 share link(s)"),
        std::string::npos)
        << log.front().entry.detail;
}

TEST_F(Members, OwnersDeleteAnOrganizationsAssessmentAndItIsAudited) {
    std::string token = assessment_in_organization(*bo_, "Spring+review");
    std::smatch link;
    std::string page = ada_->get(org_path()).body;
    ASSERT_TRUE(std::regex_search(page, link,
                                  std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)/delete\"")));
    std::string path = link[1];
    EXPECT_EQ(bo_->get(path + "/delete").status, 404);  // members may not delete
    EXPECT_EQ(post(*bo_, path + "/delete").status, 404);

    auto confirm = ada_->get(path + "/delete");
    EXPECT_EQ(confirm.status, 200);
    EXPECT_NE(confirm.body.find("action=\"" + path + "/delete\""), std::string::npos);
    EXPECT_EQ(confirm.body.find(token), std::string::npos);  // the private link is not leaked
    auto deleted = post(*ada_, path + "/delete");
    EXPECT_EQ(deleted.status, 303);
    EXPECT_EQ(deleted.headers["location"], org_path() + "?done=deleted");
    EXPECT_EQ(ada_->get(path).status, 404);
    EXPECT_EQ(bo_->get("/a/" + token).status, 404);
    EXPECT_EQ(logged_events().front(), "assessment-deleted");

    // A download through the private link is audited; deleting through it is refused once the
    // assessment belongs to the organization (only its owners delete).
    std::string second = assessment_in_organization(*bo_, "Autumn");
    EXPECT_EQ(bo_->get("/a/" + second + "/results.csv").status, 200);
    EXPECT_EQ(logged_events().front(), "export");
    EXPECT_EQ(post(*bo_, "/a/" + second + "/delete").status, 403);
    EXPECT_EQ(bo_->get("/a/" + second).status, 200);
}

TEST_F(Members, TheAuditLogShowsTheOrganizationsEventsToOwnersOnly) {
    // Another organization's events never show here.
    long long other = orgs_->create("Bangor", "district", 0, "t").value().id;
    Client oz(server_->port);
    // A name too long to turn up by chance in the page's random tokens (CSRF, nonce).
    long long oz_id = sign_up(*server_, oz, "oswin");
    ASSERT_TRUE(orgs_->set_member(other, oz_id, access::Role::kOwner, "t"));
    oz.get("/account");
    ASSERT_EQ(oz.post("/orgs/" + std::to_string(other) + "/invitations",
                      "csrf=" + oz.csrf() + "&role=viewer")
                  .status,
              200);
    ASSERT_EQ(post(*ada_, org_path() + "/invitations", "&role=viewer").status, 200);
    // Bo's sign-out and sign-in are account events of a member: they show.
    post(*bo_, "/sign-out");
    bo_->get("/sign-in");
    ASSERT_EQ(bo_->post("/sign-in", "csrf=" + bo_->csrf() +
                                        "&email=bo%40example.org&password=correct+horse+battery")
                  .status,
              303);

    auto log = ada_->get(org_path() + "/audit");
    EXPECT_EQ(log.status, 200);
    EXPECT_NE(log.body.find("Made an invitation link"), std::string::npos);
    EXPECT_NE(log.body.find("Signed out"), std::string::npos);
    EXPECT_NE(log.body.find("<td data-label=\"Who\">bo</td>"), std::string::npos);
    EXPECT_EQ(log.body.find("oswin"), std::string::npos);
    auto events = logged_events();
    EXPECT_EQ(std::count(events.begin(), events.end(), "invitation-created"), 1);
    EXPECT_EQ(bo_->get(org_path() + "/audit").status, 404);
    EXPECT_EQ(oz.get(org_path() + "/audit").status, 404);
    EXPECT_NE(ada_->get(org_path()).body.find(org_path() + "/audit"), std::string::npos);
}

TEST_F(Members, TheAuditLogPagesBackwards) {
    store::AccountRepository accounts(server_->database);
    for (int i = 0; i < 60; ++i) {
        ASSERT_TRUE(accounts.audit({"2026-01-01T00:00:00Z", "export", ada_id_,
                                    "entry " + std::to_string(i) + ";", "", org_}));
    }
    auto first = ada_->get(org_path() + "/audit");
    EXPECT_NE(first.body.find("entry 59;"), std::string::npos);
    EXPECT_EQ(first.body.find("entry 9;"), std::string::npos);
    std::smatch older;
    ASSERT_TRUE(std::regex_search(first.body, older, std::regex("href=\"([^\"]*before=[0-9]+)\"")));
    auto second = ada_->get(older[1]);
    EXPECT_EQ(second.status, 200);
    EXPECT_NE(second.body.find("entry 9;"), std::string::npos);
    EXPECT_EQ(second.body.find("entry 10;"), std::string::npos);  // on the first page
    EXPECT_EQ(second.body.find("Older events"), std::string::npos);
    EXPECT_NE(second.body.find("Newest events"), std::string::npos);
    // A malformed position reads as the newest page, not an error.
    EXPECT_EQ(ada_->get(org_path() + "/audit?before=x%27").status, 200);
}

}  // namespace cbe::testing
