// Every state-changing route, found from the router itself, refuses a request without a valid
// CSRF token and changes nothing — even for a signed-in user who owns what it would change.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "core/crypto.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"
#include "web/router.hpp"
#include "web/site.hpp"

namespace cbe::testing {

namespace {

// Row counts of every table a post could change.
std::map<std::string, int> counts(store::Database& db) {
    std::map<std::string, int> out;
    auto lease = db.lease().value();
    for (const char* table : {"assessments", "answers", "users", "sessions", "audit_log",
                              "memberships", "invitations"}) {
        int n = 0;
        lease.session() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n);
        out[table] = n;
    }
    std::string stamp;
    lease.session() << "SELECT COALESCE(MAX(updated_at), '') || ':' || COALESCE(SUM(revision), 0) "
                       "FROM assessments",
        soci::into(stamp);
    out["assessment changes " + stamp] = 1;
    lease.session() << "SELECT COALESCE(GROUP_CONCAT(user_id || role), '') FROM memberships",
        soci::into(stamp);
    out["roles " + stamp] = 1;
    return out;
}

}  // namespace

TEST(Csrf, EveryPostRouteRefusesAMissingOrForgedTokenAndChangesNothing) {
    RunningServer server;
    Client owner(server.port);
    owner.get("/sign-up");
    ASSERT_EQ(owner
                  .post("/sign-up",
                        "csrf=" + owner.csrf() +
                            "&name=Ada&email=ada%40example.org&password=correct+horse+battery")
                  .status,
              303);
    owner.get("/assessments/new?audience=state");
    auto started = owner.post("/assessments", "csrf=" + owner.csrf() + "&audience=state");
    std::smatch m;
    std::string location = started.headers["location"];
    ASSERT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})/e/(.+)$")));
    // Ada owns an organization with Bob in it and the assessment, so every post has something
    // real it would change with a valid token.
    store::OrganizationRepository orgs(server.database);
    store::AccountRepository accounts(server.database);
    long long org = orgs.create("Portland", "district", 0, "t").value().id;
    long long ada = accounts.find_user("ada@example.org").value().id;
    long long bob = accounts.create_user("bob@example.org", "Bob", "x", "t").value().id;
    ASSERT_TRUE(orgs.set_member(org, ada, access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(org, bob, access::Role::kMember, "t"));
    long long assessment = 0;
    {
        auto lease = server.database->lease().value();
        lease.session() << "SELECT MAX(id) FROM assessments", soci::into(assessment);
    }
    ASSERT_TRUE(orgs.adopt_assessment(org, assessment));
    std::string invitation = crypto::new_token();
    ASSERT_TRUE(orgs.create_invitation(crypto::token_hash(invitation), org, access::Role::kOwner, 0,
                                       "t", "2099-01-01T00:00:00Z"));
    std::map<std::string, std::string> values{{"{token}", m[1]},
                                              {"{element}", m[2]},
                                              {"{id}", std::to_string(org)},
                                              {"{user}", std::to_string(bob)},
                                              {"{assessment}", std::to_string(assessment)},
                                              {"{invitation}", invitation}};

    // The server's own list of routes: a new POST route is covered without touching this test.
    auto loaded =
        web::Site::create(config_for_tests(), web::Services{server.roadmap, server.database});
    ASSERT_TRUE(loaded);
    int posts = 0;
    for (const auto& [method, pattern] : (*loaded)->router().routes()) {
        if (method != web::Method::kPost) continue;
        ++posts;
        std::string target = pattern;
        for (const auto& [param, value] : values) {
            auto at = target.find(param);
            if (at != std::string::npos) target.replace(at, param.size(), value);
        }
        ASSERT_EQ(target.find('{'), std::string::npos) << "no test value for " << pattern;
        const std::string body =
            "audience=state&label=x&choice=entry&note=x&name=x&email=bob%40example.org"
            "&password=correct+horse+battery&current_password=correct+horse+battery"
            "&new_password=another+long+one&role=viewer&organization=" +
            std::to_string(org);
        for (const std::string& csrf : {std::string(""), std::string("&csrf=forged")}) {
            auto before = counts(*server.database);
            auto res = owner.post(target, body + csrf);
            EXPECT_EQ(res.status, 403) << pattern << csrf;
            EXPECT_EQ(counts(*server.database), before) << pattern << csrf;
        }
    }
    // start, save, delete, sign-up, sign-in, sign-out, password, move, invite, join, change a
    // role, remove a member, delete an organization's assessment
    EXPECT_GE(posts, 13);

    // The same posts with a valid token do change things: the checks above were not vacuous.
    auto before = counts(*server.database);
    EXPECT_EQ(
        owner
            .post("/orgs/" + std::to_string(org) + "/members/" + std::to_string(bob) + "/role",
                  "csrf=" + owner.csrf() + "&role=viewer")
            .status,
        303);
    EXPECT_NE(counts(*server.database), before);
}

}  // namespace cbe::testing
