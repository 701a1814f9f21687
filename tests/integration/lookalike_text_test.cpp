// Text that shows in lists cannot be made to look like someone else's: an address with a control
// character is not a second account, and names, titles and labels with control, invisible or
// direction-changing characters are refused with a clear error, the form showing what was typed
// (docs/security.md, "Look-alike text"). Notes keep line breaks and emoji joiners.
#include <gtest/gtest.h>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

constexpr const char* kHiddenWords = "cannot be seen";

// Form-encoded characters that make a second identifier look like the first.
const std::vector<std::string> kHidden = {
    "%7F",        // DEL
    "%0B",        // vertical tab
    "%00",        // NUL
    "%1B",        // ESC
    "%C2%85",     // NEL (C1)
    "%E2%80%AE",  // RIGHT-TO-LEFT OVERRIDE
    "%E2%81%A6",  // LEFT-TO-RIGHT ISOLATE
    "%E2%80%8B",  // ZERO WIDTH SPACE
    "%EF%BB%BF",  // ZERO WIDTH NO-BREAK SPACE
};

}  // namespace

TEST(LookalikeText, AnAddressWithAHiddenCharacterIsNotASecondAccount) {
    RunningServer server;
    Client first(server.port);
    ASSERT_EQ(post_sign_up(first, "known").status, 303);
    auto sign_up_as = [&](const std::string& email) {
        Client c(server.port);
        c.get("/sign-up");
        return post_form(c, "/sign-up",
                         "name=Grace+Hopper&email=" + email + "&password=correct+horse+battery");
    };
    for (const auto& hidden : kHidden) {
        // Inside the address: refused as not an address, the form kept.
        auto inside = sign_up_as("kno" + hidden + "wn%40example.org");
        EXPECT_EQ(inside.status, 400) << hidden;
        EXPECT_NE(inside.body.find("Enter an email address"), std::string::npos) << hidden;
        EXPECT_NE(inside.body.find("value=\"Grace Hopper\""), std::string::npos) << hidden;
        // At the end: refused too (a vertical tab is trimmed like a space, which leaves the
        // address that has an account: refused as taken).
        auto after = sign_up_as("known%40example.org" + hidden);
        EXPECT_GE(after.status, 400) << hidden;
        EXPECT_LT(after.status, 500) << hidden;
    }
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users"), 1);
}

TEST(LookalikeText, ANameWithAHiddenCharacterIsRefusedAndKeptInTheForm) {
    RunningServer server;
    for (const auto& hidden : kHidden) {
        Client c(server.port);
        c.get("/sign-up");
        auto res =
            post_form(c, "/sign-up",
                      "name=Ada" + hidden +
                          "+Lovelace&email=ada%40example.org&password=correct+horse+battery");
        EXPECT_EQ(res.status, 400) << hidden;
        EXPECT_NE(res.body.find(kHiddenWords), std::string::npos) << hidden;
        EXPECT_NE(res.body.find("value=\"ada@example.org\""), std::string::npos) << hidden;
    }
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users"), 0);
}

TEST(LookalikeText, OrganizationNamesTitlesAndLabelsRefuseHiddenCharacters) {
    RunningServer server;
    Client ada(server.port);
    ASSERT_EQ(post_sign_up(ada, "ada").status, 303);
    std::string org = new_organization(ada, "Portland");
    long long assessments = count(server, "SELECT COUNT(*) FROM assessments");
    for (const auto& hidden : kHidden) {
        ada.get("/orgs/new");
        auto named = post_form(ada, "/orgs", "name=Port" + hidden + "land&kind=district");
        EXPECT_EQ(named.status, 400) << hidden;
        EXPECT_NE(named.body.find(kHiddenWords), std::string::npos) << hidden;

        auto labelled = post_new_assessment(ada, "state", "Our" + hidden + "s");
        EXPECT_EQ(labelled.status, 400) << hidden;
        EXPECT_NE(labelled.body.find(kHiddenWords), std::string::npos) << hidden;

        auto titled = open_session(ada, org, "Retr" + hidden + "eat");
        EXPECT_EQ(titled.status, 400) << hidden;
        EXPECT_NE(titled.body.find(kHiddenWords), std::string::npos) << hidden;
        EXPECT_NE(titled.body.find("Retr"), std::string::npos) << hidden;
    }
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM organizations"), 1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM assessments"), assessments);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_sessions"), 0);
}

// A note is paragraphs: line breaks and the joiner inside an emoji stay; a direction override,
// which would re-order what others read, does not.
TEST(LookalikeText, NotesKeepLineBreaksAndJoinersButRefuseDirectionOverrides) {
    RunningServer server;
    Client c(server.port);
    std::string step = start_assessment(c);
    c.get(step);
    auto saved =
        post_form(c, step, "choice=scaling&note=one%0D%0Atwo+%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB");
    EXPECT_EQ(saved.status, 303) << saved.body;
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM answers WHERE note LIKE 'one%two%'"), 1);
    c.get(step);
    auto refused = post_form(c, step, "choice=entry&note=abc%E2%80%AEdef");
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find(kHiddenWords), std::string::npos);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM answers WHERE choice = 'scaling'"), 1);
}

}  // namespace cbe::testing
