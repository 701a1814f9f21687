// Every state-changing route, found from the router itself, refuses a request without a valid
// CSRF token and changes nothing — even for a signed-in user who owns what it would change.
#include <gtest/gtest.h>

#include "integration/every_post_route.hpp"

namespace cbe::testing {

TEST(Csrf, EveryPostRouteRefusesAMissingOrForgedTokenAndChangesNothing) {
    EveryPostRoute setup;
    const std::string body = form_body(setup.valid_fields());
    auto routes = setup.routes();
    for (const auto& route : routes) {
        for (const std::string& csrf : {std::string(""), std::string("&csrf=forged")}) {
            auto before = setup.state();
            auto res = setup.ada.post(route.target, body + csrf);
            EXPECT_EQ(res.status, 403) << route.pattern << csrf;
            EXPECT_EQ(setup.state(), before) << route.pattern << csrf;
        }
        // A valid token sent from an opaque origin (a sandboxed frame, a data: URL): refused.
        setup.ada.get("/account");
        Client opaque = setup.ada;
        opaque.set_header("Origin", "null");
        auto unchanged = setup.state();
        auto res = opaque.post(route.target, body + "&csrf=" + setup.ada.csrf());
        EXPECT_EQ(res.status, 403) << route.pattern << " Origin: null";
        EXPECT_EQ(setup.state(), unchanged) << route.pattern << " Origin: null";
        // As a script would send it, asking for JSON: refused too.
        auto before = setup.state();
        EXPECT_EQ(setup.ada.post(route.target, body, true).status, 403) << route.pattern;
        EXPECT_EQ(setup.state(), before) << route.pattern;
    }
    // start, save, delete, sign-up, sign-in, sign-out, password, move, invite, revoke, join,
    // change a role, remove a member, delete an organization's assessment
    EXPECT_GE(routes.size(), 14u);

    // The same post with a valid token does change things: the checks above were not vacuous.
    auto before = setup.state();
    setup.ada.get("/account");
    EXPECT_EQ(setup.ada
                  .post("/orgs/" + std::to_string(setup.organization) + "/members/" +
                            std::to_string(setup.bob) + "/role",
                        "csrf=" + setup.ada.csrf() + "&role=viewer")
                  .status,
              303);
    EXPECT_NE(setup.state(), before);
}

}  // namespace cbe::testing
