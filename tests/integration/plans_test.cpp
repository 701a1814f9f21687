// Action plans over HTTP (issue 12): from a self-assessment's private link, from an
// organization's assessment (members change it, viewers read it, outsiders see nothing) and
// from a team session's agreed placement; bad input keeps what was typed; the next team session
// of the organization opens with the open actions.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

const std::string kMove =
    "Ask your state agency or legal counsel for a written summary of what state rules allow on "
    "seat time, credit by exam and competency-based credit.";

std::string encode(const std::string& text) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

class Plans : public ::testing::Test {
  protected:
    void SetUp() override { server_ = std::make_unique<RunningServer>(); }

    // A district assessment with credit flexibility at Entry, leadership at Scaling and
    // assessment & accountability "not sure"; returns its private path "/a/<token>".
    std::string assessment(Client& c) {
        c.get("/assessments/new?audience=district");
        auto res = c.post("/assessments", "csrf=" + c.csrf() + "&audience=district&label=Lincoln");
        EXPECT_EQ(res.status, 303);
        std::smatch m;
        std::string location = res.headers["location"];
        EXPECT_TRUE(std::regex_search(location, m, std::regex("^(/a/[A-Za-z0-9_-]{43})")));
        std::string path = m[1];
        auto answer = [&](const std::string& element, const std::string& choice) {
            c.get(path + "/e/" + element);
            EXPECT_EQ(
                c.post(path + "/e/" + element, "csrf=" + c.csrf() + "&choice=" + choice + "&note=")
                    .status,
                303);
        };
        answer("policy.credit-flexibility", "entry");
        answer("conditions.leadership-vision", "scaling");
        answer("policy.assessment-accountability", "not-sure");
        return path;
    }

    std::unique_ptr<RunningServer> server_;
};

}  // namespace

TEST_F(Plans, APlanFromAPrivateLinkWithSuggestionsPrioritiesAndActions) {
    Client c(server_->port);
    std::string a = assessment(c);
    auto page = c.get(a + "/plan");
    ASSERT_EQ(page.status, 200) << page.body;
    // Suggested: the "not sure" answer first, then the lowest stage; each says why.
    EXPECT_NE(page.body.find("Suggested"), std::string::npos);
    EXPECT_NE(page.body.find("find out before planning"), std::string::npos);
    EXPECT_NE(page.body.find("One of the lowest stages placed (Entry)"), std::string::npos);
    EXPECT_NE(page.body.find("id=\"priority-policy.credit-flexibility\" type=\"checkbox\" "
                             "name=\"element\" value=\"policy.credit-flexibility\" checked"),
              std::string::npos);

    EXPECT_EQ(
        c.post(a + "/plan/priorities", "csrf=" + c.csrf() + "&element=policy.credit-flexibility")
            .status,
        303);
    // Without a CSRF token nothing changes.
    EXPECT_EQ(c.post(a + "/plan/priorities", "element=conditions.leadership-vision").status, 403);

    // Bad input: the page again, 400, with the error and what was typed.
    auto refused = c.post(a + "/plan/actions", "csrf=" + c.csrf() +
                                                   "&element=policy.credit-flexibility"
                                                   "&description=&owner_name=Dr.+Rivera"
                                                   "&due_date=2027-02-30&status=not-started");
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("Say what will be done"), std::string::npos);
    EXPECT_NE(refused.body.find("value=\"Dr. Rivera\""), std::string::npos);
    auto bad_date = c.post(a + "/plan/actions", "csrf=" + c.csrf() +
                                                    "&element=policy.credit-flexibility"
                                                    "&description=Pilot&due_date=2027-02-30"
                                                    "&status=not-started");
    EXPECT_EQ(bad_date.status, 400);
    EXPECT_NE(bad_date.body.find("real date"), std::string::npos);
    EXPECT_NE(bad_date.body.find("value=\"2027-02-30\""), std::string::npos);

    // A move from the roadmap, word for word; a made-up "move" is refused.
    auto added =
        c.post(a + "/plan/actions", "csrf=" + c.csrf() +
                                        "&element=policy.credit-flexibility&move=" + encode(kMove) +
                                        "&owner_name=Dr.+Rivera&due_date=2027-03-31"
                                        "&target_stage=developing&status=in-progress");
    ASSERT_EQ(added.status, 303) << added.body;
    std::smatch id;
    std::string location = added.headers["location"];
    ASSERT_TRUE(std::regex_search(location, id, std::regex("#action-([0-9]+)$")));
    EXPECT_EQ(c.post(a + "/plan/actions", "csrf=" + c.csrf() +
                                              "&element=policy.credit-flexibility&move=Do+magic"
                                              "&status=not-started")
                  .status,
              400);
    page = c.get(a + "/plan");
    EXPECT_NE(page.body.find(kMove), std::string::npos);
    EXPECT_NE(page.body.find("31 March 2027"), std::string::npos);
    EXPECT_NE(page.body.find("In progress"), std::string::npos);
    EXPECT_NE(page.body.find("Dr. Rivera"), std::string::npos);

    // Change it, then delete it.
    std::string action = a + "/plan/actions/" + std::string(id[1]);
    EXPECT_EQ(c.post(action, "csrf=" + c.csrf() +
                                 "&element=policy.credit-flexibility&description=Pilot+in+two+"
                                 "schools&owner_name=Dr.+Rivera&status=done")
                  .status,
              303);
    page = c.get(a + "/plan");
    EXPECT_NE(page.body.find("Pilot in two schools"), std::string::npos);
    EXPECT_NE(page.body.find("Actions: 0 open, 1 done"), std::string::npos);
    EXPECT_EQ(c.post(action + "/delete", "csrf=" + c.csrf()).status, 303);
    EXPECT_EQ(c.get(a + "/plan").body.find("Pilot in two schools"), std::string::npos);
    EXPECT_EQ(c.post(action + "/delete", "csrf=" + c.csrf()).status, 404);

    // Another link's plan is not this one's: an unknown link opens nothing.
    EXPECT_EQ(c.get("/a/" + std::string(43, 'x') + "/plan").status, 404);
}

TEST_F(Plans, MembersChangeAnOrganizationsPlanViewersReadOutsidersSeeNothing) {
    Client owner(server_->port), viewer(server_->port), outsider(server_->port);
    store::OrganizationRepository orgs(server_->database);
    long long org = orgs.create("Lincoln County Schools", "district", 0, "t").value().id;
    ASSERT_TRUE(orgs.set_member(org, sign_up(*server_, owner, "olga"), access::Role::kMember, "t"));
    ASSERT_TRUE(orgs.set_member(org, sign_up(*server_, viewer, "vic"), access::Role::kViewer, "t"));
    sign_up(*server_, outsider, "oz");
    std::string a = assessment(owner);
    owner.get(a + "/results");
    auto moved =
        owner.post(a + "/move", "csrf=" + owner.csrf() + "&organization=" + std::to_string(org));
    ASSERT_EQ(moved.status, 303) << moved.body;
    std::string listing = owner.get("/orgs/" + std::to_string(org)).body;
    std::smatch link;
    ASSERT_TRUE(
        std::regex_search(listing, link, std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string plan = std::string(link[1]) + "/plan";

    ASSERT_EQ(owner.get(plan).status, 200);
    EXPECT_EQ(owner
                  .post(plan + "/priorities",
                        "csrf=" + owner.csrf() + "&element=policy.credit-flexibility")
                  .status,
              303);
    auto page = owner.get(plan);
    // A member can be chosen as the owner.
    EXPECT_NE(page.body.find(">olga</option>"), std::string::npos)
        << page.body.substr(page.body.find("<main"), 3000);
    std::smatch member;
    ASSERT_TRUE(std::regex_search(page.body, member, std::regex("value=\"(member:[0-9]+)\"")));
    EXPECT_EQ(owner
                  .post(plan + "/actions", "csrf=" + owner.csrf() +
                                               "&element=policy.credit-flexibility"
                                               "&description=Brief+the+board&owner=" +
                                               std::string(member[1]) + "&status=not-started")
                  .status,
              303);
    // A member of another organization cannot be made the owner.
    EXPECT_EQ(owner
                  .post(plan + "/actions", "csrf=" + owner.csrf() +
                                               "&element=policy.credit-flexibility"
                                               "&description=X&owner=member:999999"
                                               "&status=not-started")
                  .status,
              400);

    auto read = viewer.get(plan);
    ASSERT_EQ(read.status, 200);
    EXPECT_NE(read.body.find("Brief the board"), std::string::npos);
    EXPECT_EQ(read.body.find("Add the action"), std::string::npos);
    EXPECT_EQ(read.body.find("/plan/actions\""), std::string::npos);
    EXPECT_EQ(viewer
                  .post(plan + "/actions", "csrf=" + viewer.csrf() +
                                               "&element=policy.credit-flexibility"
                                               "&description=Sneaky&status=not-started")
                  .status,
              403);
    EXPECT_EQ(outsider.get(plan).status, 404);
    EXPECT_EQ(outsider.post(plan + "/priorities", "csrf=" + outsider.csrf()).status, 404);
    Client anonymous(server_->port);
    EXPECT_EQ(anonymous.get(plan).status, 303);  // to sign in

    // The old private link is read-only after the move, and so is its plan.
    EXPECT_EQ(owner.get(a + "/plan").body.find("Add the action"), std::string::npos);
}

// A read-only share link: made by the private link's holder, shown once, opening the results
// and the plan with no edit control, no export and no private link; revoked, it opens nothing.
TEST_F(Plans, ShareLinksAreReadOnlyRevocableAndLeakNothing) {
    Client c(server_->port);
    std::string a = assessment(c);
    std::string token = a.substr(3);
    c.get(a + "/plan");
    ASSERT_EQ(
        c.post(a + "/plan/priorities", "csrf=" + c.csrf() + "&element=policy.credit-flexibility")
            .status,
        303);
    ASSERT_EQ(c.post(a + "/plan/actions", "csrf=" + c.csrf() +
                                              "&element=policy.credit-flexibility"
                                              "&description=Brief+the+board&status=not-started")
                  .status,
              303);
    EXPECT_NE(c.get(a + "/results").body.find(a + "/share"), std::string::npos);
    EXPECT_EQ(c.get(a + "/share").status, 200);
    EXPECT_EQ(c.post(a + "/share", "").status, 403);  // no CSRF token
    auto made = c.post(a + "/share", "csrf=" + c.csrf());
    ASSERT_EQ(made.status, 200);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(made.body, m,
                                  std::regex("value=\"https?://[^\"]*(/s/[A-Za-z0-9_-]{43})\"")))
        << made.body;
    std::string shared = m[1];
    // Shown once: the list does not show it again.
    EXPECT_EQ(c.get(a + "/share").body.find(shared), std::string::npos);

    Client stranger(server_->port);
    auto results = stranger.get(shared);
    ASSERT_EQ(results.status, 200);
    EXPECT_NE(results.body.find("Lincoln"), std::string::npos);
    EXPECT_NE(results.body.find("Credit flexibility"), std::string::npos);
    for (const auto& body : {results.body, stranger.get(shared + "/plan").body}) {
        EXPECT_EQ(body.find(token), std::string::npos) << "the private link leaked";
        EXPECT_EQ(body.find("Change answers"), std::string::npos);
        EXPECT_EQ(body.find("results.csv"), std::string::npos);
        EXPECT_EQ(body.find("method=\"post\""), std::string::npos);
    }
    auto plan = stranger.get(shared + "/plan");
    EXPECT_EQ(plan.status, 200);
    EXPECT_NE(plan.body.find("Brief the board"), std::string::npos);
    EXPECT_EQ(results.headers["x-robots-tag"], "noindex");
    // Nothing else answers under it.
    EXPECT_EQ(stranger.get(shared + "/e/policy.credit-flexibility").status, 404);
    EXPECT_EQ(stranger.get(shared + "/results.csv").status, 404);
    EXPECT_EQ(stranger.get("/s/" + std::string(43, 'x')).status, 404);

    // Revoked: it opens nothing, and the list says so.
    std::smatch revoke;
    std::string list = c.get(a + "/share").body;
    ASSERT_TRUE(
        std::regex_search(list, revoke, std::regex("action=\"([^\"]*/share/[0-9]+/revoke)\"")));
    EXPECT_EQ(c.post(revoke[1], "csrf=" + c.csrf()).status, 303);
    EXPECT_EQ(stranger.get(shared).status, 404);
    EXPECT_EQ(stranger.get(shared + "/plan").status, 404);
    EXPECT_NE(c.get(a + "/share").body.find("Revoked"), std::string::npos);
    EXPECT_EQ(c.post(revoke[1], "csrf=" + c.csrf()).status, 404);
}

// The report for the board: the profile by area, the priorities and the actions; its margins
// stylesheet names the organization, escaped as a CSS string.
TEST_F(Plans, TheReportForTheBoardSummarizesThePlacementAndThePlan) {
    Client owner(server_->port);
    store::OrganizationRepository orgs(server_->database);
    long long org = orgs.create("St. \"Mary's\" \\ District", "district", 0, "t").value().id;
    ASSERT_TRUE(orgs.set_member(org, sign_up(*server_, owner, "olga"), access::Role::kOwner, "t"));
    std::string a = assessment(owner);
    owner.get(a + "/results");
    ASSERT_EQ(
        owner.post(a + "/move", "csrf=" + owner.csrf() + "&organization=" + std::to_string(org))
            .status,
        303);
    std::smatch link;
    std::string listing = owner.get("/orgs/" + std::to_string(org)).body;
    ASSERT_TRUE(
        std::regex_search(listing, link, std::regex("href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"")));
    std::string base = link[1];
    owner.get(base + "/plan");
    owner.post(base + "/plan/priorities",
               "csrf=" + owner.csrf() + "&element=policy.credit-flexibility");
    owner.post(base + "/plan/actions", "csrf=" + owner.csrf() +
                                           "&element=policy.credit-flexibility&description=Brief+"
                                           "the+board&owner_name=Dr.+Rivera&due_date=2027-03-31"
                                           "&status=not-started");
    EXPECT_NE(owner.get(base + "/plan").body.find(base + "/report"), std::string::npos);
    auto report = owner.get(base + "/report");
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_NE(report.body.find("Report for the board"), std::string::npos);
    EXPECT_NE(report.body.find("3 of 22 elements answered"), std::string::npos) << report.body;
    EXPECT_NE(report.body.find("Credit flexibility and seat time (Entry)"), std::string::npos);
    EXPECT_NE(report.body.find("Brief the board"), std::string::npos);
    EXPECT_NE(report.body.find("31 March 2027"), std::string::npos);
    EXPECT_NE(report.body.find(base + "/report.css"), std::string::npos);
    auto css = owner.get(base + "/report.css");
    ASSERT_EQ(css.status, 200);
    EXPECT_EQ(css.headers["content-type"], "text/css; charset=utf-8");
    EXPECT_NE(css.body.find("@page report { @top-left { content: \"St. \\\"Mary's\\\" \\\\ "
                            "District · "),
              std::string::npos)
        << css.body;
    Client outsider(server_->port);
    sign_up(*server_, outsider, "oz");
    EXPECT_EQ(outsider.get(base + "/report.css").status, 404);

    // The plan as a workbook: the action's text and owner are in its cells.
    auto xlsx = owner.get(base + "/plan.xlsx");
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.headers["content-type"],
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    std::string file = ::testing::TempDir() + "plan-" + std::to_string(::getpid()) + ".xlsx";
    {
        std::ofstream out(file, std::ios::binary);
        out << xlsx.body;
    }
    std::string cells;
    FILE* pipe = popen(("/usr/bin/python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                        "print(z.read('xl/sharedStrings.xml').decode())\" " +
                        file)
                           .c_str(),
                       "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[4096];
    for (size_t n = 0; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        cells.append(buffer, n);
    pclose(pipe);
    std::remove(file.c_str());
    EXPECT_NE(cells.find("Brief the board"), std::string::npos) << cells;
    EXPECT_NE(cells.find("Dr. Rivera"), std::string::npos);
    EXPECT_EQ(outsider.get(base + "/plan.xlsx").status, 404);
}

}  // namespace cbe::testing
