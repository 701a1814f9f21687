// "Your assessments" over HTTP: the list of this browser's assessments with full private links,
// opening one from a pasted link, default names, forgetting links; and what a private link may
// do after its assessment moves into an organization (read-only until an owner says otherwise).
// Also the home page's way in and the sample results page.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

constexpr const char* kPublicUrl = "https://roadmap.example.org";

ServeConfig with_public_url() {
    ServeConfig config = config_for_tests();
    config.public_url = kPublicUrl;
    return config;
}

std::string token_of(const std::string& location) {
    std::smatch m;
    std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})"));
    return m[1];
}

bool has(const std::string& body, const std::string& text) {
    return body.find(text) != std::string::npos;
}

}  // namespace

class YourAssessments : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<RunningServer>(with_public_url()); }
    static void TearDownTestSuite() { server_.reset(); }
    static std::string start(Client& client, const std::string& audience,
                             const std::string& label = "") {
        client.get("/assessments/new?audience=" + audience);
        auto res = client.post(
            "/assessments", "csrf=" + client.csrf() + "&audience=" + audience + "&label=" + label);
        EXPECT_EQ(res.status, 303);
        return token_of(res.headers["location"]);
    }
    static std::string first_element(const std::string& audience) {
        return server_->roadmap->audience(audience)->element_ids.front();
    }
    static long long id_of(const std::string& token) {
        long long id = 0;
        auto lease = server_->database->lease().value();
        lease.session() << "SELECT MAX(id) FROM assessments", soci::into(id);
        (void)token;
        return id;
    }
    static std::string link_access(long long id) {
        std::string access;
        auto lease = server_->database->lease().value();
        lease.session() << "SELECT link_access FROM assessments WHERE id = :id", soci::use(id),
            soci::into(access);
        return access;
    }
    static std::unique_ptr<RunningServer> server_;
};
std::unique_ptr<RunningServer> YourAssessments::server_;

TEST_F(YourAssessments, ListsEveryAssessmentThisBrowserOpenedWithItsFullPrivateLink) {
    Client client(server_->port);
    std::string first = start(client, "district");
    std::string second = start(client, "state", "Maine+DOE");
    auto list = client.get("/assessments");
    ASSERT_EQ(list.status, 200);
    // The second did not replace the first: both are listed, newest first.
    auto at_first = list.body.find(std::string(kPublicUrl) + "/a/" + first);
    auto at_second = list.body.find(std::string(kPublicUrl) + "/a/" + second);
    ASSERT_NE(at_first, std::string::npos);
    ASSERT_NE(at_second, std::string::npos);
    EXPECT_LT(at_second, at_first);
    EXPECT_TRUE(has(list.body, "Maine DOE"));
    // The unnamed one is called by its pathway and the day it was started.
    EXPECT_TRUE(has(list.body, "District and school leadership assessment, "));
    // The link is selectable text in a read-only field, with a Copy button for script to show.
    EXPECT_TRUE(has(list.body, "readonly"));
    EXPECT_TRUE(has(list.body, "data-copy=\"private-link1\" hidden"));
    // Never the Host header: a forged one changes nothing.
    Client forged(server_->port);
    forged.set_cookie("cbe_assessments", first);
    forged.set_header("Host", "evil.example");
    auto forged_list = forged.get("/assessments");
    EXPECT_EQ(forged_list.status, 200);
    EXPECT_TRUE(has(forged_list.body, std::string(kPublicUrl) + "/a/" + first));
    EXPECT_FALSE(has(forged_list.body, "evil.example"));
}

TEST_F(YourAssessments, AnUnnamedAssessmentHasASensibleNameEverywhere) {
    Client client(server_->port);
    std::string token = start(client, "district");
    auto results = client.get("/a/" + token + "/results");
    ASSERT_EQ(results.status, 200);
    EXPECT_TRUE(has(results.body, "<h1>Your results: District and school leadership assessment, "));
    EXPECT_FALSE(has(results.body, "Your results:</h1>"));
    EXPECT_FALSE(has(results.body, "· ·"));
    auto overview = client.get("/a/" + token);
    EXPECT_TRUE(has(overview.body, "<h1>Your assessment: District and school leadership"));
    EXPECT_FALSE(has(overview.body, "· ·"));
}

TEST_F(YourAssessments, APastedFullLinkOrBareCodeOpensTheAssessmentAndIsRemembered) {
    Client owner(server_->port);
    std::string token = start(owner, "state");
    for (const std::string& pasted :
         {std::string(kPublicUrl) + "/a/" + token + "/e/" + first_element("state"),
          "++" + token + "++", "/a/" + token + "/results"}) {
        Client other(server_->port);
        other.get("/assessments");
        auto opened = other.post("/resume", "csrf=" + other.csrf() + "&link=" + pasted);
        EXPECT_EQ(opened.status, 303) << pasted;
        EXPECT_EQ(opened.headers["location"], "/a/" + token) << pasted;
        EXPECT_EQ(other.cookie("cbe_assessments"), token) << pasted;
    }
}

TEST_F(YourAssessments, AnUnreadableOrUnknownLinkIsRefusedWithTheFieldMarkedAndKept) {
    Client client(server_->port);
    client.get("/assessments");
    auto unreadable = client.post("/resume", "csrf=" + client.csrf() + "&link=not+a+link");
    EXPECT_EQ(unreadable.status, 400);
    EXPECT_TRUE(has(unreadable.body, "usa-input--error"));
    EXPECT_TRUE(has(unreadable.body, "aria-invalid=\"true\""));
    EXPECT_TRUE(has(unreadable.body, "value=\"not a link\""));
    EXPECT_TRUE(has(unreadable.body, "does not look like a private link"));
    std::string unknown(43, 'A');
    auto missing = client.post("/resume", "csrf=" + client.csrf() + "&link=" + unknown);
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(has(missing.body, "usa-form-group--error"));
    auto huge = client.post("/resume", "csrf=" + client.csrf() + "&link=" + std::string(3000, 'a'));
    EXPECT_EQ(huge.status, 400);
    EXPECT_EQ(client.cookie("cbe_assessments"), "");
}

TEST_F(YourAssessments, ForgettingALinkRemovesItFromThisBrowserOnly) {
    Client client(server_->port);
    std::string kept = start(client, "state");
    std::string forgotten = start(client, "state");
    client.get("/assessments");
    auto forget =
        client.post("/assessments/forget", "csrf=" + client.csrf() + "&token=" + forgotten);
    EXPECT_EQ(forget.status, 303);
    EXPECT_EQ(client.cookie("cbe_assessments"), kept);
    EXPECT_EQ(client.get("/a/" + forgotten).status, 200);  // the assessment itself remains
    client.post("/assessments/forget", "csrf=" + client.csrf() + "&all=yes");
    EXPECT_EQ(client.cookie("cbe_assessments"), "");
}

TEST_F(YourAssessments, TheOlderOneLinkCookieIsStillRead) {
    Client starter(server_->port);
    std::string token = start(starter, "state");
    Client old(server_->port);
    old.set_cookie("cbe_resume", token);
    auto list = old.get("/assessments");
    EXPECT_TRUE(has(list.body, "/a/" + token));
}

// Ada owns Portland; Bob is a member there. Ada moves her assessment in.
class MovedAssessment : public YourAssessments {
  protected:
    void SetUp() override {
        static int n = 0;
        std::string suffix = std::to_string(++n);
        std::string ada_name = "ada" + std::string(n, 'a');
        std::string bob_name = "bob" + std::string(n, 'b');
        long long ada_id = sign_up(*server_, ada, ada_name);
        long long bob_id = sign_up(*server_, bob, bob_name);
        store::OrganizationRepository orgs(server_->database);
        org = orgs.create("Portland " + suffix, "district", 0, "t").value().id;
        ASSERT_TRUE(orgs.set_member(org, ada_id, access::Role::kOwner, "t"));
        ASSERT_TRUE(orgs.set_member(org, bob_id, access::Role::kMember, "t"));
        token = start(ada, "state", "Spring+review");
        id = id_of(token);
        ada.get("/a/" + token);
        auto moved = ada.post("/a/" + token + "/move",
                              "csrf=" + ada.csrf() + "&organization=" + std::to_string(org));
        ASSERT_EQ(moved.status, 303);
    }
    std::string base() const {
        return "/orgs/" + std::to_string(org) + "/assessments/" + std::to_string(id);
    }
    Client ada{server_->port}, bob{server_->port};
    long long org = 0, id = 0;
    std::string token;
};

TEST_F(MovedAssessment, ItsPrivateLinkBecomesReadOnlyAndSaysWhoHoldsIt) {
    EXPECT_EQ(link_access(id), "read");
    Client holder(server_->port);  // anyone with the link
    auto overview = holder.get("/a/" + token);
    ASSERT_EQ(overview.status, 200);
    EXPECT_TRUE(has(overview.body, "Portland"));
    EXPECT_TRUE(has(overview.body, "holds this assessment"));
    EXPECT_TRUE(has(overview.body, "read-only"));
    EXPECT_FALSE(has(overview.body, "can see and change this assessment"));
    auto results = holder.get("/a/" + token + "/results");
    EXPECT_EQ(results.status, 200);
    EXPECT_FALSE(has(results.body, "Change answers"));

    std::string step = "/a/" + token + "/e/" + first_element("state");
    // The step page offers no form to change it, only the way to the results.
    auto step_page = holder.get(step);
    EXPECT_EQ(step_page.status, 200);
    EXPECT_TRUE(has(step_page.body, "this link can only read it"));
    EXPECT_FALSE(has(step_page.body, "method=\"post\" action=\"/a/" + token + "/e/"));
    holder.get("/join");  // a page with a form, for this browser's CSRF token
    auto refused = holder.post(step, "csrf=" + holder.csrf() + "&choice=entry&go=next");
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(has(refused.body, "made its private link read-only"));
    auto autosave = holder.post(step, "csrf=" + holder.csrf() + "&choice=entry", true);
    EXPECT_EQ(autosave.status, 403);
    EXPECT_TRUE(has(autosave.body, "\"saved\":false"));
    auto lease = server_->database->lease().value();
    int answers = -1;
    lease.session() << "SELECT COUNT(*) FROM answers WHERE assessment_id = :id", soci::use(id),
        soci::into(answers);
    EXPECT_EQ(answers, 0);
}

TEST_F(MovedAssessment, TheOrganizationsViewIsTitledWithItsNameAndLinksBack) {
    auto page = bob.get(base());
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(has(page.body, "<h1>Spring review</h1>"));
    EXPECT_FALSE(has(page.body, "Your results"));
    EXPECT_TRUE(has(page.body, "href=\"/orgs/" + std::to_string(org) + "\""));
    EXPECT_TRUE(has(page.body, "That link is read-only"));
    EXPECT_FALSE(has(page.body, "/link-access\""));  // a member sees no form
    EXPECT_TRUE(has(ada.get(base()).body, "action=\"" + base() + "/link-access\""));
}

TEST_F(MovedAssessment, AnOwnerLetsTheLinkEditAgainAndItIsAudited) {
    ada.get(base());
    auto set = ada.post(base() + "/link-access", "csrf=" + ada.csrf() + "&link_access=edit");
    EXPECT_EQ(set.status, 303);
    EXPECT_EQ(set.headers["location"], base() + "?done=link-access");
    EXPECT_EQ(link_access(id), "edit");
    Client holder(server_->port);
    std::string step = "/a/" + token + "/e/" + first_element("state");
    holder.get(step);
    EXPECT_EQ(holder.post(step, "csrf=" + holder.csrf() + "&choice=entry&go=next").status, 303);
    EXPECT_TRUE(has(holder.get("/a/" + token).body, "let this private link keep changing"));
    int audited = 0;
    {
        auto lease = server_->database->lease().value();
        lease.session() << "SELECT COUNT(*) FROM audit_log WHERE event = 'link-access-changed' "
                           "AND organization_id = :org",
            soci::use(org), soci::into(audited);
    }
    EXPECT_EQ(audited, 1);
    // And back to read-only; a value that is neither is refused.
    EXPECT_EQ(ada.post(base() + "/link-access", "csrf=" + ada.csrf() + "&link_access=read").status,
              303);
    EXPECT_EQ(link_access(id), "read");
    EXPECT_EQ(ada.post(base() + "/link-access", "csrf=" + ada.csrf() + "&link_access=own").status,
              400);
    EXPECT_EQ(link_access(id), "read");
}

TEST_F(MovedAssessment, AMemberWhoIsNotAnOwnerCannotChangeWhatTheLinkMayDo) {
    bob.get(base());
    auto refused = bob.post(base() + "/link-access", "csrf=" + bob.csrf() + "&link_access=edit");
    EXPECT_EQ(refused.status, 404);
    EXPECT_EQ(link_access(id), "read");
    Client anonymous(server_->port);
    anonymous.get("/assessments");
    auto signed_out =
        anonymous.post(base() + "/link-access", "csrf=" + anonymous.csrf() + "&link_access=edit");
    EXPECT_EQ(signed_out.status, 303);
    EXPECT_EQ(link_access(id), "read");
}

TEST_F(MovedAssessment, SignedInTheListShowsTheOrganizationsAssessments) {
    auto list = bob.get("/assessments");
    EXPECT_TRUE(has(list.body, "href=\"" + base() + "\""));
    EXPECT_TRUE(has(list.body, "Spring review"));
    Client anonymous(server_->port);
    EXPECT_TRUE(has(anonymous.get("/assessments").body, "Sign in</a> to see"));
}

TEST(HomeAndSample, TheHomePageLeadsToTheSelfAssessmentForEachPathway) {
    RunningServer server;
    auto home = http_get(server.port, "/");
    ASSERT_EQ(home.status, 200);
    for (const auto& audience : server.roadmap->audiences) {
        EXPECT_TRUE(has(home.body, "href=\"/assessments/new?audience=" + audience.id + "\""))
            << audience.id;
        auto pathway = http_get(server.port, "/pathways/" + audience.id);
        // The end of a long pathway page is not a dead end.
        auto last_start = pathway.body.rfind("Start the self-assessment");
        EXPECT_NE(last_start, std::string::npos) << audience.id;
        EXPECT_GT(last_start, pathway.body.rfind("pathway-step__title")) << audience.id;
    }
    EXPECT_TRUE(has(home.body, "How it works"));
    EXPECT_TRUE(std::regex_search(home.body, std::regex("about \\d+ to \\d+ minutes")));
    EXPECT_TRUE(has(home.body, "href=\"/sample\""));
}

TEST(HomeAndSample, TheSampleIsARealReadOnlyResultsPage) {
    RunningServer server;
    auto sample = http_get(server.port, "/sample");
    ASSERT_EQ(sample.status, 200);
    EXPECT_TRUE(has(sample.body, "<h1>Sample results: Riverbend School District"));
    EXPECT_TRUE(has(sample.body, "profile-chart"));  // the results page's own profile
    EXPECT_TRUE(has(sample.body, "Conversations to have"));
    EXPECT_FALSE(has(sample.body, "results.csv"));
    EXPECT_FALSE(has(sample.body, "Change answers"));
    EXPECT_FALSE(has(sample.body, "method=\"post\""));  // nothing to change
    EXPECT_TRUE(has(sample.body, "href=\"/assessments/new?audience=district\""));
}

}  // namespace cbe::testing
