// Year over year over HTTP (issue 12): an assessment states its school year (when started, and
// changed later); a changed answer keeps its earlier value; the organization page lists its
// placements by school year; any member compares two of them, and nobody else can.
#include <gtest/gtest.h>

#include <regex>

#include "core/crypto.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/assessment_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::testing {

namespace {

std::string token_of(const std::string& location) {
    std::smatch m;
    std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})"));
    return m[1];
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class History : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>();
        viewer_ = std::make_unique<Client>(server_->port);
        member_ = std::make_unique<Client>(server_->port);
        outsider_ = std::make_unique<Client>(server_->port);
        store::OrganizationRepository orgs(server_->database);
        org_ = orgs.create("Portland Public Schools", "district", 0, "t").value().id;
        other_org_ = orgs.create("Bangor", "district", 0, "t").value().id;
        EXPECT_TRUE(
            orgs.set_member(org_, sign_up(*server_, *viewer_, "vera"), access::Role::kViewer, "t"));
        EXPECT_TRUE(
            orgs.set_member(org_, sign_up(*server_, *member_, "max"), access::Role::kMember, "t"));
        EXPECT_TRUE(orgs.set_member(other_org_, sign_up(*server_, *outsider_, "oz"),
                                    access::Role::kOwner, "t"));
    }
    const std::vector<std::string>& path() const {
        return server_->roadmap->audience("district")->element_ids;
    }
    // Starts a district assessment as `client`; returns its token.
    std::string start(Client& client, const std::string& year, const std::string& label) {
        client.get("/assessments/new?audience=district");
        auto res = client.post(
            "/assessments",
            "csrf=" + client.csrf() + "&audience=district&label=" + label + "&school_year=" + year);
        EXPECT_EQ(res.status, 303) << res.body;
        return token_of(res.headers["location"]);
    }
    void answer(Client& client, const std::string& token, const std::string& element,
                const std::string& choice, const std::string& note = "") {
        auto res = client.post("/a/" + token + "/e/" + element,
                               "csrf=" + client.csrf() + "&choice=" + choice + "&note=" + note);
        EXPECT_EQ(res.status, 303) << res.body;
    }
    store::AssessmentRecord record(const std::string& token) {
        return store::AssessmentRepository(server_->database)
            .find(crypto::token_hash(token))
            .value();
    }
    // An assessment of `organization` with the first two district elements placed.
    long long placed(long long organization, const std::string& year, const std::string& first,
                     const std::string& second) {
        Client someone(server_->port);
        std::string token = start(someone, year, "Review+" + year);
        answer(someone, token, path()[0], first);
        answer(someone, token, path()[1], second);
        long long id = record(token).id;
        EXPECT_TRUE(
            store::OrganizationRepository(server_->database).adopt_assessment(organization, id));
        return id;
    }
    // A closed team session of this organization: `stage` agreed on the first district element,
    // no agreement on the second.
    long long closed_session(const std::string& year, const std::string& stage) {
        store::TeamSessionRepository sessions(server_->database);
        auto s = sessions
                     .create({org_,
                              0,
                              "Board retreat",
                              year,
                              "district",
                              server_->roadmap->version,
                              "424242",
                              {path()[0], path()[1]}},
                             "2027-05-01T00:00:00Z")
                     .value();
        EXPECT_TRUE(sessions.decide(s.id, path()[0], "agreed", stage, "", "", "t"));
        EXPECT_TRUE(sessions.decide(s.id, path()[1], "no-agreement", "", "", "", "t"));
        EXPECT_TRUE(sessions.close(s.id, "2027-05-02T00:00:00Z"));
        return s.id;
    }
    std::string compare_path(long long organization, const std::string& a,
                             const std::string& b) const {
        return "/orgs/" + std::to_string(organization) + "/compare?a=" + a + "&b=" + b;
    }

    std::unique_ptr<RunningServer> server_;
    std::unique_ptr<Client> viewer_, member_, outsider_;
    long long org_ = 0, other_org_ = 0;
};

TEST_F(History, StartingAnAssessmentAsksForItsSchoolYearAndChecksIt) {
    Client client(server_->port);
    auto form = client.get("/assessments/new?audience=district");
    EXPECT_TRUE(std::regex_search(
        form.body, std::regex("name=\"school_year\"[^>]*value=\"20[0-9]{2}-[0-9]{2}\"")))
        << "the form offers the current school year";
    std::string token = start(client, "2026%E2%80%9327", "Maine");  // with an en dash
    EXPECT_EQ(record(token).school_year, "2026-27");
    EXPECT_TRUE(contains(client.get("/a/" + token + "/results").body, "school year 2026-27"));

    std::string none = start(client, "", "No+year");
    EXPECT_EQ(record(none).school_year, "");

    auto bad = client.post("/assessments", "csrf=" + client.csrf() +
                                               "&audience=district&label=Kept&school_year=2026-28");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(contains(bad.body, "usa-input--error"));
    EXPECT_TRUE(contains(bad.body, "value=\"2026-28\""));
    EXPECT_TRUE(contains(bad.body, "value=\"Kept\""));
    EXPECT_TRUE(contains(bad.body, "like 2026-27"));
}

TEST_F(History, TheLinkHolderChangesTheSchoolYearOnTheOverview) {
    Client client(server_->port);
    std::string token = start(client, "2025-26", "Maine");
    auto overview = client.get("/a/" + token);
    EXPECT_TRUE(contains(overview.body, "action=\"/a/" + token + "/school-year\""));
    auto saved = client.post("/a/" + token + "/school-year",
                             "csrf=" + client.csrf() + "&school_year=2026-27");
    EXPECT_EQ(saved.status, 303);
    EXPECT_EQ(record(token).school_year, "2026-27");
    auto bad =
        client.post("/a/" + token + "/school-year", "csrf=" + client.csrf() + "&school_year=soon");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(contains(bad.body, "value=\"soon\""));
    EXPECT_TRUE(contains(bad.body, "school-year-error"));
    EXPECT_EQ(record(token).school_year, "2026-27");  // unchanged
    EXPECT_EQ(client.post("/a/" + token + "/school-year", "school_year=2024-25").status, 403);
    EXPECT_EQ(record(token).school_year, "2026-27");  // no CSRF token: nothing changed
}

TEST_F(History, MembersChangeTheSchoolYearThroughTheOrganizationViewersCannot) {
    long long id = placed(org_, "2025-26", "entry", "entry");
    std::string base = "/orgs/" + std::to_string(org_) + "/assessments/" + std::to_string(id);
    auto page = member_->get(base);
    EXPECT_TRUE(contains(page.body, "action=\"" + base + "/school-year\""));
    EXPECT_FALSE(contains(viewer_->get(base).body, "/school-year\""));
    auto saved =
        member_->post(base + "/school-year", "csrf=" + member_->csrf() + "&school_year=2026-27");
    EXPECT_EQ(saved.status, 303);
    auto bad = member_->post(base + "/school-year", "csrf=" + member_->csrf() + "&school_year=27");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(contains(bad.body, "value=\"27\""));
    EXPECT_EQ(
        viewer_->post(base + "/school-year", "csrf=" + viewer_->csrf() + "&school_year=2030-31")
            .status,
        404);
    EXPECT_EQ(
        outsider_->post(base + "/school-year", "csrf=" + outsider_->csrf() + "&school_year=2030-31")
            .status,
        404);
    EXPECT_EQ(store::AssessmentRepository(server_->database).find_by_id(id)->school_year,
              "2026-27");
}

TEST_F(History, AChangedAnswerKeepsItsEarlierValue) {
    Client client(server_->port);
    std::string token = start(client, "2026-27", "Maine");
    answer(client, token, path()[0], "entry", "first+thoughts");
    answer(client, token, path()[0], "scaling", "second+thoughts");
    auto rows = store::AssessmentRepository(server_->database).history(record(token).id).value();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].element_id, path()[0]);
    EXPECT_EQ(rows[0].choice, "entry");
    EXPECT_EQ(rows[0].note, "first thoughts");
}

TEST_F(History, TheOrganizationPageListsItsPlacementsByYearNewestFirst) {
    placed(org_, "2025-26", "entry", "developing");
    placed(org_, "2026-27", "developing", "developing");
    closed_session("2027-28", "scaling");
    placed(other_org_, "2024-25", "entry", "entry");  // another organization's: not listed
    auto page = viewer_->get("/orgs/" + std::to_string(org_));
    ASSERT_EQ(page.status, 200);
    auto newest = page.body.find("School year 2027-28");
    auto middle = page.body.find("School year 2026-27");
    auto oldest = page.body.find("School year 2025-26");
    ASSERT_NE(newest, std::string::npos);
    ASSERT_NE(middle, std::string::npos);
    ASSERT_NE(oldest, std::string::npos);
    EXPECT_LT(newest, middle);
    EXPECT_LT(middle, oldest);
    EXPECT_FALSE(contains(page.body, "School year 2024-25"));
    EXPECT_TRUE(contains(page.body, "Board retreat"));
    EXPECT_TRUE(contains(page.body, "/orgs/" + std::to_string(org_) + "/compare"));
}

TEST_F(History, MembersAndViewersCompareTwoPlacements) {
    long long earlier = placed(org_, "2025-26", "entry", "developing");
    long long session = closed_session("2026-27", "scaling");
    std::string a = "assessment-" + std::to_string(earlier),
                b = "session-" + std::to_string(session);
    for (Client* client : {viewer_.get(), member_.get()}) {
        // Asked in either order, the earlier one is "then".
        for (const auto& target : {compare_path(org_, a, b), compare_path(org_, b, a)}) {
            auto page = client->get(target);
            ASSERT_EQ(page.status, 200) << target;
            EXPECT_TRUE(contains(page.body, "From 2025-26 to 2026-27"));
            EXPECT_TRUE(contains(page.body, "Up 2 stages"));   // entry to scaling
            EXPECT_TRUE(contains(page.body, "No agreement"));  // the team's second element
            EXPECT_TRUE(contains(page.body, "Not comparable"));
            EXPECT_TRUE(contains(page.body, "<caption>Typical stage of each area"));
        }
    }
    auto picker = viewer_->get("/orgs/" + std::to_string(org_) + "/compare");
    EXPECT_EQ(picker.status, 200);
    EXPECT_TRUE(contains(picker.body, "value=\"" + a + "\""));
    EXPECT_TRUE(contains(picker.body, "value=\"" + b + "\""));
}

TEST_F(History, OutsidersAndStrangersLearnNothing) {
    long long one = placed(org_, "2025-26", "entry", "entry");
    long long two = placed(org_, "2026-27", "developing", "entry");
    std::string target = compare_path(org_, "assessment-" + std::to_string(one),
                                      "assessment-" + std::to_string(two));
    EXPECT_EQ(outsider_->get(target).status, 404);
    Client anonymous(server_->port);
    auto asked = anonymous.get(target);
    EXPECT_EQ(asked.status, 303);
    EXPECT_TRUE(contains(asked.headers["location"], "/sign-in"));
    EXPECT_EQ(viewer_->get("/orgs/999/compare").status, 404);
}

TEST_F(History, PlacementsFromAnotherOrganizationAreRefused) {
    long long ours = placed(org_, "2025-26", "entry", "entry");
    long long theirs = placed(other_org_, "2026-27", "scaling", "scaling");
    std::string a = "assessment-" + std::to_string(ours);
    std::string b = "assessment-" + std::to_string(theirs);
    auto refused = viewer_->get(compare_path(org_, a, b));
    EXPECT_EQ(refused.status, 404);
    EXPECT_TRUE(contains(refused.body, "could not find that placement"));
    EXPECT_FALSE(contains(refused.body, "Up "));  // nothing of theirs compared
    // Their owner cannot pull ours into their organization's page either.
    EXPECT_EQ(outsider_->get(compare_path(other_org_, b, a)).status, 404);

    auto one = viewer_->get(compare_path(org_, a, ""));
    EXPECT_EQ(one.status, 400);
    EXPECT_TRUE(contains(one.body, "Choose two placements"));
    auto same = viewer_->get(compare_path(org_, a, a));
    EXPECT_EQ(same.status, 400);
    EXPECT_TRUE(contains(same.body, "two different placements"));
    EXPECT_EQ(viewer_->get(compare_path(org_, a, "session-x")).status, 404);
}

}  // namespace cbe::testing
