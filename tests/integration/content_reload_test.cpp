// A content reload (SIGHUP) frees the version it replaces once no request uses it: the old
// site (and the content, services and templates it holds) ends, and the templates parsed for it
// go with it, so memory does not grow with every reload (issue 20, item 7). Counted, not timed:
// the parsed templates alive after 30 reloads are exactly those after 10.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "web/views.hpp"

namespace cbe::testing {

namespace {

// Waits for `done` (a request that was answered may still be finishing on the server). The
// limit only keeps a broken server from hanging the test.
template <typename Condition>
bool eventually(Condition done) {
    for (int i = 0; i < 120000 && !done(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
}

}  // namespace

TEST(ContentReload, AReplacedVersionIsFreedOnceNoRequestUsesIt) {
    RunningServer server;
    Client c(server.port);
    std::weak_ptr<const web::Site> current;  // the first site is the test's own (server.site)
    auto reload_and_visit = [&] {
        std::weak_ptr<const web::Site> previous = current;
        current = server.reload();
        ASSERT_FALSE(current.expired());
        ASSERT_TRUE(eventually([&] { return previous.expired(); })) << "a replaced site lives on";
        for (const char* page : {"/", "/roadmap", "/glossary", "/assessments/new?audience=state"}) {
            ASSERT_EQ(c.get(page).status, 200) << page;
        }
    };
    auto reload_and_count = [&] {
        std::weak_ptr<const web::Site> previous = current;
        current = server.reload();
        EXPECT_TRUE(eventually([&] { return previous.expired(); })) << "a replaced site lives on";
        return web::Views::parsed_copies();
    };
    for (int i = 0; i < 9; ++i) reload_and_visit();
    long long after_ten = reload_and_count();
    for (int i = 0; i < 19; ++i) reload_and_visit();
    EXPECT_EQ(reload_and_count(), after_ten);
}

}  // namespace cbe::testing
