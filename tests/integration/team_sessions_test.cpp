// Live team sessions over HTTP (issue 11): a facilitator opens a session, participants join
// with the code and no account, rate privately, the facilitator reveals (with missing answers
// as "no rating"), records decisions and closes; members see the agreed placement. Before a
// reveal no response (page, or the page source of anyone) carries another participant's rating
// or note: checked on the bytes.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

struct Session {
    long long id = 0;
    std::string code;
};

class TeamSessions : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>();
        facilitator_ = std::make_unique<Client>(server_->port);
        viewer_ = std::make_unique<Client>(server_->port);
        store::OrganizationRepository orgs(server_->database);
        org_ = orgs.create("Lincoln County Schools", "district", 0, "t").value().id;
        ASSERT_TRUE(orgs.set_member(org_, sign_up(*server_, *facilitator_, "fay"),
                                    access::Role::kFacilitator, "t"));
        ASSERT_TRUE(
            orgs.set_member(org_, sign_up(*server_, *viewer_, "vic"), access::Role::kViewer, "t"));
    }

    std::string org_path() const { return "/orgs/" + std::to_string(org_); }

    // Opens a session over two elements of the district pathway; returns its id and code.
    Session open(const std::string& extra = "") {
        facilitator_->get(org_path() + "/sessions/new?audience=district");
        auto res = facilitator_->post(
            org_path() + "/sessions",
            "csrf=" + facilitator_->csrf() +
                "&audience=district&title=Spring+review&school_year=2026-27"
                "&element=tech.mastery-tracking&element=policy.credit-flexibility" +
                extra);
        EXPECT_EQ(res.status, 303) << res.body;
        std::smatch m;
        std::string location = res.headers["location"];
        EXPECT_TRUE(std::regex_match(location, m, std::regex("/sessions/(\\d+)")));
        Session s;
        s.id = std::stoll(m[1]);
        auto board = facilitator_->get(location);
        EXPECT_EQ(board.status, 200);
        std::smatch code;
        EXPECT_TRUE(std::regex_search(board.body, code, std::regex("join\\?code=(\\d{6})")));
        s.code = code[1];
        return s;
    }

    // Joins as a new participant (a fresh client, no account); returns the private path.
    std::string join(Client& c, const std::string& code, const std::string& name = "") {
        c.get("/join");
        auto res = c.post("/join", "csrf=" + c.csrf() + "&code=" + code + "&display_name=" + name);
        EXPECT_EQ(res.status, 303) << res.body;
        return res.headers["location"];
    }

    int rate(Client& c, const std::string& path, const std::string& element,
             const std::string& choice, const std::string& note) {
        c.get(path + "/e/" + element);
        return c
            .post(path + "/e/" + element,
                  "csrf=" + c.csrf() + "&choice=" + choice + "&note=" + note)
            .status;
    }

    std::string board(const Session& s) {
        return facilitator_->get("/sessions/" + std::to_string(s.id)).body;
    }

    int act(const Session& s, const std::string& action, const std::string& body) {
        facilitator_->get("/sessions/" + std::to_string(s.id));
        return facilitator_
            ->post("/sessions/" + std::to_string(s.id) + "/" + action,
                   "csrf=" + facilitator_->csrf() + "&" + body)
            .status;
    }

    std::unique_ptr<RunningServer> server_;
    std::unique_ptr<Client> facilitator_;
    std::unique_ptr<Client> viewer_;
    long long org_ = 0;
};

}  // namespace

TEST_F(TeamSessions, AWholeSessionFromJoinToAgreedPlacement) {
    // The organization page offers a session to its facilitators, not to viewers.
    EXPECT_NE(facilitator_->get(org_path()).body.find("Open a team session"), std::string::npos);
    EXPECT_EQ(viewer_->get(org_path()).body.find("Open a team session"), std::string::npos);
    Session s = open();
    ASSERT_EQ(s.code.size(), 6u);
    EXPECT_NE(facilitator_->get(org_path()).body.find("/sessions/" + std::to_string(s.id) + "\""),
              std::string::npos);

    Client p1(server_->port), p2(server_->port), p3(server_->port), late(server_->port);
    std::string a = join(p1, s.code, "Ana");
    std::string b = join(p2, s.code);
    std::string c = join(p3, s.code);
    ASSERT_TRUE(std::regex_match(a, std::regex("/p/[A-Za-z0-9_-]{43}")));
    EXPECT_EQ(rate(p1, a, "tech.mastery-tracking", "entry", "SECRET-NOTE-ANA"), 303);
    EXPECT_EQ(rate(p2, b, "tech.mastery-tracking", "transforming", "SECRET-NOTE-B"), 303);

    // Before the reveal: the board shows counts and names, and no rating or note at all.
    std::string before = board(s);
    EXPECT_NE(before.find("2 of 3"), std::string::npos);
    EXPECT_NE(before.find("Ana"), std::string::npos);
    EXPECT_NE(before.find("Participant 2"), std::string::npos);
    for (const auto& page : {before, p3.get(c).body, p1.get(a).body}) {
        EXPECT_EQ(page.find("SECRET-NOTE-B"), std::string::npos);
        EXPECT_EQ(page.find("SECRET-NOTE-ANA"), std::string::npos);
        EXPECT_EQ(page.find("Transforming</strong>"), std::string::npos);
        EXPECT_EQ(page.find("session-aggregate"), std::string::npos);
    }
    // A participant sees their own rating, never another's.
    EXPECT_NE(p2.get(b).body.find("Your rating: <strong>Transforming"), std::string::npos);
    EXPECT_EQ(p1.get(a).body.find("Transforming"), std::string::npos);

    // A late joiner is welcome; a reload on the same device resumes through the cookie.
    std::string d = join(late, s.code, "Late");
    EXPECT_EQ(late.get("/join/resume").headers["location"], d);
    // A third rating: totals show from three raters on (issue 20).
    EXPECT_EQ(rate(p3, c, "tech.mastery-tracking", "developing", ""), 303);

    // Reveal one element, counting missing answers: 3 rated, 1 without a rating.
    EXPECT_EQ(act(s, "reveal", "element=tech.mastery-tracking&missing=yes"), 303);
    std::string after = board(s);
    EXPECT_NE(after.find("session-aggregate"), std::string::npos);
    EXPECT_NE(after.find("SECRET-NOTE-B"), std::string::npos);  // notes, unattributed
    EXPECT_NE(after.find("No rating"), std::string::npos);
    // The participant's phone shows the same aggregate but no notes.
    std::string phone = p3.get(c).body;
    EXPECT_NE(phone.find("session-aggregate"), std::string::npos);
    EXPECT_EQ(phone.find("SECRET-NOTE"), std::string::npos);
    // The other element is still hidden; a revealed one can no longer be rated.
    EXPECT_EQ(rate(p3, c, "tech.mastery-tracking", "entry", ""), 409);

    // Decisions: an agreed stage, and "no agreement" needs a comment.
    EXPECT_EQ(
        act(s, "decide", "element=tech.mastery-tracking&stage=developing&rationale=Pilots+only"),
        303);
    EXPECT_NE(board(s).find("Agreed: <strong>Developing"), std::string::npos);
    auto refused = act(s, "decide", "element=policy.credit-flexibility&stage=none&rationale=");
    EXPECT_EQ(refused, 400);  // the board again, with the message
    EXPECT_EQ(act(s, "reveal", "missing=yes"), 303);
    EXPECT_EQ(act(s, "decide", "element=policy.credit-flexibility&stage=none&rationale=Needs+data"),
              303);

    // Close: the code stops working, the placement appears for members.
    facilitator_->get("/sessions/" + std::to_string(s.id));
    auto closed = facilitator_->post("/sessions/" + std::to_string(s.id) + "/close",
                                     "csrf=" + facilitator_->csrf());
    EXPECT_EQ(closed.status, 303);
    Client again(server_->port);
    again.get("/join");
    EXPECT_EQ(again.post("/join", "csrf=" + again.csrf() + "&code=" + s.code).status, 404);
    auto placement = viewer_->get("/sessions/" + std::to_string(s.id) + "/placement");
    EXPECT_EQ(placement.status, 200);
    EXPECT_NE(placement.body.find("Developing"), std::string::npos);
    EXPECT_NE(placement.body.find("No agreement"), std::string::npos);
    EXPECT_EQ(placement.body.find("SECRET-NOTE"), std::string::npos);
    // Members find it from the organization page.
    EXPECT_NE(
        viewer_->get(org_path()).body.find("/sessions/" + std::to_string(s.id) + "/placement"),
        std::string::npos);
}

TEST_F(TeamSessions, OnlyFacilitatorsRunAndOnlyMembersSee) {
    Session s = open();
    // A viewer of the organization cannot open, run or see the board; an outsider gets 404.
    viewer_->get(org_path() + "/sessions/new?audience=district");
    EXPECT_EQ(viewer_
                  ->post(org_path() + "/sessions", "csrf=" + viewer_->csrf() +
                                                       "&audience=district&title=X&school_year="
                                                       "2026-27")
                  .status,
              404);
    EXPECT_EQ(viewer_->get("/sessions/" + std::to_string(s.id)).status, 404);
    EXPECT_EQ(viewer_->get("/sessions/" + std::to_string(s.id) + "/events").status, 404);
    Client outsider(server_->port);
    sign_up(*server_, outsider, "oz");
    EXPECT_EQ(outsider.get("/sessions/" + std::to_string(s.id)).status, 404);
    // Once closed, the placement is for the organization's members only.
    EXPECT_EQ(act(s, "close", ""), 303);
    EXPECT_EQ(viewer_->get("/sessions/" + std::to_string(s.id) + "/placement").status, 200);
    EXPECT_EQ(outsider.get("/sessions/" + std::to_string(s.id) + "/placement").status, 404);
    // Anonymous visitors are asked to sign in.
    Client anonymous(server_->port);
    EXPECT_EQ(anonymous.get("/sessions/" + std::to_string(s.id)).status, 303);
}

TEST_F(TeamSessions, WrongCodesAndBadInputAreClearAndKeepWhatWasTyped) {
    Client c(server_->port);
    c.get("/join");
    auto wrong = c.post("/join", "csrf=" + c.csrf() + "&code=000000&display_name=Kim");
    EXPECT_EQ(wrong.status, 404);
    EXPECT_NE(wrong.body.find("No open session has this code"), std::string::npos);
    EXPECT_NE(wrong.body.find("value=\"Kim\""), std::string::npos);
    auto garbled = c.post("/join", "csrf=" + c.csrf() + "&code=12ab&display_name=Kim");
    EXPECT_EQ(garbled.status, 400);

    facilitator_->get(org_path() + "/sessions/new?audience=district");
    auto bad = facilitator_->post(
        org_path() + "/sessions",
        "csrf=" + facilitator_->csrf() + "&audience=district&title=Kept+title&school_year=2026-28");
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("value=\"Kept title\""), std::string::npos);
    EXPECT_NE(bad.body.find("like 2026-27"), std::string::npos);
}

TEST_F(TeamSessions, DeletingASessionDeletesEveryRating) {
    Session s = open();
    Client p(server_->port);
    std::string path = join(p, s.code);
    EXPECT_EQ(rate(p, path, "tech.mastery-tracking", "scaling", "mine"), 303);
    EXPECT_EQ(act(s, "delete", ""), 303);
    auto lease = server_->database->lease().value();
    long long ratings = -1, participants = -1;
    lease.session() << "SELECT COUNT(*) FROM team_ratings", soci::into(ratings);
    lease.session() << "SELECT COUNT(*) FROM team_participants", soci::into(participants);
    EXPECT_EQ(ratings, 0);
    EXPECT_EQ(participants, 0);
    EXPECT_EQ(p.get(path).status, 404);
}

// The agreed placement is a full results page (profile, next stages, moves, examples,
// resources) over the session's elements, with each element's spread and dissent; its CSV and
// JSON exports carry the group's totals and decisions, never one person's rating or note.
TEST_F(TeamSessions, AgreedPlacementIsAResultsPageAndExportsOnlyTotals) {
    Session s = open();
    Client p1(server_->port), p2(server_->port), p3(server_->port);
    std::string a = join(p1, s.code, "Anastasia");
    std::string b = join(p2, s.code, "Bo");
    std::string c = join(p3, s.code, "Cy");
    EXPECT_EQ(rate(p1, a, "tech.mastery-tracking", "entry", "SECRET-NOTE-ANA"), 303);
    EXPECT_EQ(rate(p2, b, "tech.mastery-tracking", "developing", ""), 303);
    EXPECT_EQ(rate(p3, c, "tech.mastery-tracking", "developing", ""), 303);
    EXPECT_EQ(rate(p1, a, "policy.credit-flexibility", "transforming", ""), 303);
    EXPECT_EQ(act(s, "reveal", "missing=yes"), 303);
    EXPECT_EQ(act(s, "decide",
                  "element=tech.mastery-tracking&stage=developing&rationale=Pilots+only"
                  "&dissent=One+school+is+further"),
              303);
    EXPECT_EQ(act(s, "decide", "element=policy.credit-flexibility&stage=none&rationale=Needs+data"),
              303);
    std::string path = "/sessions/" + std::to_string(s.id) + "/placement";
    // Not before the session is closed.
    EXPECT_EQ(viewer_->get(path).status, 404);
    EXPECT_EQ(viewer_->get(path + ".csv").status, 404);
    EXPECT_EQ(act(s, "close", ""), 303);

    auto page = viewer_->get(path);
    ASSERT_EQ(page.status, 200);
    // The self-assessment's results: profile, the next stage and its moves, examples, resources.
    EXPECT_NE(page.body.find("id=\"profile-title\""), std::string::npos);
    EXPECT_NE(page.body.find("Developing → Scaling"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("Moves to get there"), std::string::npos);
    EXPECT_NE(page.body.find("Who has done it"), std::string::npos);
    // Per element: the spread, the median, the rationale and the dissent.
    EXPECT_NE(page.body.find("Median: Developing"), std::string::npos);
    EXPECT_NE(page.body.find("Pilots only"), std::string::npos);
    EXPECT_NE(page.body.find("One school is further"), std::string::npos);
    EXPECT_NE(page.body.find("Needs data"), std::string::npos);
    EXPECT_NE(page.body.find(path + ".csv"), std::string::npos);
    for (const auto& body :
         {page.body, viewer_->get(path + ".csv").body, viewer_->get(path + ".json").body}) {
        EXPECT_EQ(body.find("SECRET-NOTE"), std::string::npos);
        EXPECT_EQ(body.find("Anastasia"), std::string::npos);
    }

    auto csv = viewer_->get(path + ".csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
    EXPECT_NE(csv.headers["content-disposition"].find("attachment"), std::string::npos);
    // Counts per stage (Entry 1, Developing 2), nobody without a rating, median, verdict.
    EXPECT_NE(csv.body.find("\"tech.mastery-tracking\""), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find("\"Pilots only\",\"One school is further\",1,2,0,0,0,0,0,"
                            "\"Developing\",\"agreement\"\r\n"),
              std::string::npos)
        << csv.body;
    // Credit flexibility: one rating, too few to show (issue 20): no counts, no median.
    EXPECT_NE(csv.body.find("\"No agreement\",\"Needs data\",\"\",,,,,,,,,\"too-few-raters\"\r\n"),
              std::string::npos)
        << csv.body;

    auto json = viewer_->get(path + ".json");
    ASSERT_EQ(json.status, 200);
    EXPECT_EQ(json.headers["content-type"], "application/json");
    EXPECT_NE(json.body.find("\"per_stage\":{\"entry\":1,\"developing\":2,\"scaling\":0,"
                             "\"transforming\":0}"),
              std::string::npos)
        << json.body;
    EXPECT_NE(json.body.find("\"agreed_stage\":\"developing\""), std::string::npos);

    Client outsider(server_->port);
    sign_up(*server_, outsider, "oz");
    EXPECT_EQ(outsider.get(path + ".csv").status, 404);
    EXPECT_EQ(outsider.get(path + ".json").status, 404);
    Client anonymous(server_->port);
    EXPECT_EQ(anonymous.get(path + ".json").status, 303);
}

// A plan from the agreed placement: the widest split is suggested first; the facilitator (a
// member) adds an action, a viewer only reads; the next session opens with that open action.
TEST_F(TeamSessions, APlanFromTheAgreedPlacementIsReviewedByTheNextSession) {
    Session s = open();
    Client p1(server_->port), p2(server_->port), p3(server_->port), p4(server_->port);
    std::string a = join(p1, s.code), b = join(p2, s.code), c = join(p3, s.code),
                d = join(p4, s.code);
    EXPECT_EQ(rate(p1, a, "policy.credit-flexibility", "entry", ""), 303);
    EXPECT_EQ(rate(p2, b, "policy.credit-flexibility", "entry", ""), 303);
    EXPECT_EQ(rate(p3, c, "policy.credit-flexibility", "transforming", ""), 303);
    EXPECT_EQ(rate(p4, d, "policy.credit-flexibility", "transforming", ""), 303);
    EXPECT_EQ(act(s, "reveal", "missing=yes"), 303);
    EXPECT_EQ(act(s, "decide", "element=tech.mastery-tracking&stage=developing&rationale=Ok"), 303);
    EXPECT_EQ(act(s, "decide", "element=policy.credit-flexibility&stage=none&rationale=Split"),
              303);
    std::string plan = "/sessions/" + std::to_string(s.id) + "/plan";
    EXPECT_EQ(viewer_->get(plan).status, 404);  // not before the placement exists
    EXPECT_EQ(act(s, "close", ""), 303);

    auto page = facilitator_->get(plan);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("split into camps"), std::string::npos);
    EXPECT_NE(page.body.find("No agreed stage"), std::string::npos);
    EXPECT_EQ(facilitator_
                  ->post(plan + "/priorities",
                         "csrf=" + facilitator_->csrf() + "&element=policy.credit-flexibility")
                  .status,
              303);
    EXPECT_EQ(facilitator_
                  ->post(plan + "/actions",
                         "csrf=" + facilitator_->csrf() +
                             "&element=policy.credit-flexibility&description=Ask+counsel+"
                             "about+seat+time&owner_name=Board+clerk&due_date=2027-01-15"
                             "&status=in-progress")
                  .status,
              303);
    auto read = viewer_->get(plan);
    EXPECT_EQ(read.status, 200);
    EXPECT_NE(read.body.find("Ask counsel about seat time"), std::string::npos);
    EXPECT_EQ(viewer_
                  ->post(plan + "/actions", "csrf=" + viewer_->csrf() +
                                                "&element=policy.credit-flexibility"
                                                "&description=X&status=not-started")
                  .status,
              403);

    Session next = open();
    std::string board_page = board(next);
    EXPECT_NE(board_page.find("First, the open actions"), std::string::npos);
    EXPECT_NE(board_page.find("Ask counsel about seat time"), std::string::npos);
    EXPECT_NE(board_page.find("15 January 2027"), std::string::npos);
    EXPECT_NE(board_page.find("href=\"" + plan + "\""), std::string::npos);
}

}  // namespace cbe::testing
