// Dates on pages read as people write them ("27 November 2026"), never as the store keeps them
// ("2026-11-27T10:02:46Z"): every page of an assessment, an organization, its audit log and a
// team session is searched for ISO dates in its text (attributes such as datetime= may keep
// them: machines read those).
#include <gtest/gtest.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

// The page's text without its tags (and so without attribute values).
std::string visible_text(const std::string& html) {
    static const std::regex tags("<[^>]*>");
    return std::regex_replace(html, tags, " ");
}

// The first ISO 8601 date in the page's text, or "".
std::string iso_date_in(const std::string& html) {
    static const std::regex iso(R"(\b\d{4}-\d{2}-\d{2}(T[0-9:.]+Z?)?\b)");
    std::string text = visible_text(html);
    std::smatch m;
    return std::regex_search(text, m, iso) ? m.str() : "";
}

bool has_readable_date(const std::string& html) {
    static const std::regex words(
        R"(\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|)"
        R"(November|December) \d{4}\b)");
    return std::regex_search(visible_text(html), words);
}

}  // namespace

TEST(ReadableDates, TheCheckFindsIsoDatesInTextNotInAttributes) {
    EXPECT_EQ(iso_date_in("<p>saved 2026-11-27T10:02:46Z</p>"), "2026-11-27T10:02:46Z");
    EXPECT_EQ(iso_date_in("<p>on 2026-11-27</p>"), "2026-11-27");
    EXPECT_EQ(iso_date_in("<time datetime=\"2026-11-27\">27 November 2026</time>, 2026-27"), "");
    EXPECT_TRUE(has_readable_date("<p>closed 27 November 2026</p>"));
}

TEST(ReadableDates, NoPageShowsAnIsoDate) {
    RunningServer server;
    store::OrganizationRepository orgs(server.database);
    long long org = orgs.create("Lincoln County Schools", "district", 0, "t").value().id;
    Client owner(server.port);
    ASSERT_TRUE(orgs.set_member(org, sign_up(server, owner, "ow"), access::Role::kOwner, "t"));
    std::string org_path = "/orgs/" + std::to_string(org);

    // An assessment with an answer, moved into the organization, downloaded (an audit entry).
    owner.get("/assessments/new?audience=district");
    auto started = owner.post("/assessments", "csrf=" + owner.csrf() + "&audience=district");
    std::smatch m;
    std::string location = started.headers["location"];
    ASSERT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})/e/(.+)$")));
    std::string token = m[1], element = m[2];
    std::string step = location.substr(location.find("/a/"));
    owner.get(location);
    owner.post(location, "csrf=" + owner.csrf() + "&choice=entry&note=Seen+on+2026-01-05");
    owner.get("/a/" + token);
    ASSERT_EQ(owner
                  .post("/a/" + token + "/move",
                        "csrf=" + owner.csrf() + "&organization=" + std::to_string(org))
                  .status,
              303);
    std::smatch link;
    std::string org_page = owner.get(org_path).body;
    ASSERT_TRUE(std::regex_search(org_page, link,
                                  std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string in_org = link[1];
    owner.get(in_org + "/results.csv");
    // An invitation (it has an expiry date) and a closed team session.
    owner.get(org_path);
    owner.post(org_path + "/invitations", "csrf=" + owner.csrf() + "&role=viewer");
    owner.get(org_path + "/sessions/new?audience=district");
    auto opened =
        owner.post(org_path + "/sessions",
                   "csrf=" + owner.csrf() +
                       "&audience=district&title=Retreat&school_year=2026-27&element=" + element);
    ASSERT_EQ(opened.status, 303) << opened.body;
    std::string session = opened.headers["location"];
    std::string board = owner.get(session).body;
    EXPECT_EQ(iso_date_in(board), "") << session;
    owner.post(session + "/close", "csrf=" + owner.csrf());

    for (const std::string& page : std::vector<std::string>{
             "/a/" + token, "/a/" + token + "/results", step, "/assessments", "/account", org_path,
             in_org, org_path + "/audit", session + "/placement"}) {
        auto res = owner.get(page);
        EXPECT_EQ(res.status, 200) << page;
        // What people typed is theirs to write as they like; the note is the only ISO text.
        std::string text = std::regex_replace(res.body, std::regex("Seen on 2026-01-05"), "");
        EXPECT_EQ(iso_date_in(text), "") << page;
    }
    // The pages that show dates show them in words.
    for (const std::string& page : std::vector<std::string>{
             "/a/" + token + "/results", org_path, org_path + "/audit", session + "/placement"}) {
        EXPECT_TRUE(has_readable_date(owner.get(page).body)) << page;
    }
}

}  // namespace cbe::testing
