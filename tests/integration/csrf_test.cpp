// Every state-changing route, found from the router itself, refuses a request without a valid
// CSRF token and changes nothing — even for a signed-in user who owns what it would change.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "web/router.hpp"
#include "web/site.hpp"

namespace cbe::testing {

namespace {

// Row counts of every table a post could change.
std::map<std::string, int> counts(store::Database& db) {
    std::map<std::string, int> out;
    auto lease = db.lease().value();
    for (const char* table : {"assessments", "answers", "users", "sessions", "audit_log"}) {
        int n = 0;
        lease.session() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n);
        out[table] = n;
    }
    std::string stamp;
    lease.session() << "SELECT COALESCE(MAX(updated_at), '') || ':' || COALESCE(SUM(revision), 0) "
                       "FROM assessments",
        soci::into(stamp);
    out["assessment changes " + stamp] = 1;
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
    std::map<std::string, std::string> values{{"{token}", m[1]},
                                              {"{element}", m[2]},
                                              {"{id}", "1"},
                                              {"{invitation}", std::string(43, 'x')}};

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
            "&new_password=another+long+one";
        for (const std::string& csrf : {std::string(""), std::string("&csrf=forged")}) {
            auto before = counts(*server.database);
            auto res = owner.post(target, body + csrf);
            EXPECT_EQ(res.status, 403) << pattern << csrf;
            EXPECT_EQ(counts(*server.database), before) << pattern << csrf;
        }
    }
    EXPECT_GE(posts, 7);  // start, save, delete, sign-up, sign-in, sign-out, password
}

}  // namespace cbe::testing
