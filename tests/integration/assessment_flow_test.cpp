// The self-assessment journey over HTTP: start, save, resume elsewhere, validation, results,
// exports, CSRF, deletion, and results for an assessment made with an older content version.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <regex>

#include "content/loader.hpp"
#include "core/crypto.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/assessment_repository.hpp"
#include "store/content_snapshots.hpp"

namespace cbe::testing {

namespace {

std::string token_of(const std::string& location) {
    std::smatch m;
    std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})"));
    return m[1];
}

}  // namespace

class AssessmentFlow : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<RunningServer>(); }
    static void TearDownTestSuite() { server_.reset(); }
    // Starts a state-pathway assessment and returns its token.
    std::string start(Client& client, const std::string& label = "Test+State") {
        client.get("/assessments/new?audience=state");
        auto res =
            client.post("/assessments", "csrf=" + client.csrf() + "&audience=state&label=" + label);
        EXPECT_EQ(res.status, 303);
        return token_of(res.headers["location"]);
    }
    static std::unique_ptr<RunningServer> server_;
};
std::unique_ptr<RunningServer> AssessmentFlow::server_;

TEST_F(AssessmentFlow, StartRedirectsToTheFirstStepAndRemembersTheLink) {
    Client client(server_->port);
    client.get("/assessments/new?audience=state");
    auto res = client.post("/assessments", "csrf=" + client.csrf() + "&audience=state&label=Maine");
    ASSERT_EQ(res.status, 303);
    const auto& first = server_->roadmap->audience("state")->element_ids.front();
    EXPECT_NE(res.headers["location"].find("/e/" + first), std::string::npos);
    std::string token = token_of(res.headers["location"]);
    EXPECT_EQ(client.cookie("cbe_assessments"), token);
    EXPECT_EQ(client.get("/resume").headers["location"], "/assessments");
    EXPECT_NE(client.get("/assessments").body.find("/a/" + token), std::string::npos);
}

TEST_F(AssessmentFlow, SaveThenResumeFromAnotherDevice) {
    Client laptop(server_->port);
    std::string token = start(laptop);
    const auto& path = server_->roadmap->audience("state")->element_ids;
    laptop.get("/a/" + token + "/e/" + path[0]);
    auto saved =
        laptop.post("/a/" + token + "/e/" + path[0],
                    "csrf=" + laptop.csrf() + "&choice=scaling&note=Board+adopted+it&go=next");
    ASSERT_EQ(saved.status, 303);
    EXPECT_EQ(saved.headers["location"], "/a/" + token + "/e/" + path[1]);

    Client phone(server_->port);  // no cookies: only the link
    auto step = phone.get("/a/" + token + "/e/" + path[0]);
    ASSERT_EQ(step.status, 200);
    EXPECT_NE(
        step.body.find("id=\"choice-scaling\" type=\"radio\" name=\"choice\" value=\"scaling\" "
                       "aria-describedby=\"choice-scaling-detail\" checked"),
        std::string::npos);
    EXPECT_NE(step.body.find("Board adopted it</textarea>"), std::string::npos);
    EXPECT_EQ(phone.cookie("cbe_assessments"), token);  // now remembered on this device too
}

TEST_F(AssessmentFlow, ValidationErrorKeepsWhatWasTypedAndEarlierAnswers) {
    Client client(server_->port);
    std::string token = start(client);
    const auto& path = server_->roadmap->audience("state")->element_ids;
    client.get("/a/" + token + "/e/" + path[0]);
    client.post("/a/" + token + "/e/" + path[0],
                "csrf=" + client.csrf() + "&choice=entry&note=first");
    std::string long_note(2001, 'x');
    auto bad = client.post("/a/" + token + "/e/" + path[1],
                           "csrf=" + client.csrf() + "&choice=developing&note=" + long_note);
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("There is a problem"), std::string::npos);
    EXPECT_NE(bad.body.find(long_note + "</textarea>"), std::string::npos);
    EXPECT_NE(
        bad.body.find("value=\"developing\" aria-describedby=\"choice-developing-detail\" checked"),
        std::string::npos);
    // No stage chosen: the step is left, and the typed note kept by flagging it (step_flow_test).
    auto no_choice =
        client.post("/a/" + token + "/e/" + path[1], "csrf=" + client.csrf() + "&note=kept");
    EXPECT_EQ(no_choice.status, 303);
    EXPECT_NE(client.get("/a/" + token + "/e/" + path[1]).body.find("kept</textarea>"),
              std::string::npos);
    auto csv = client.get("/a/" + token + "/results.csv");
    EXPECT_NE(csv.body.find("\"Entry\",\"Developing\",\"first\""),
              std::string::npos);  // first answer kept
}

TEST_F(AssessmentFlow, TamperedFormsAreRefusedAndChangeNothing) {
    Client client(server_->port);
    std::string token = start(client);
    const auto& path = server_->roadmap->audience("state")->element_ids;
    client.get("/a/" + token + "/e/" + path[0]);
    EXPECT_EQ(client.post("/a/" + token + "/e/" + path[0], "csrf=forged&choice=entry").status, 403);
    EXPECT_EQ(client.post("/a/" + token + "/e/" + path[0], "choice=entry").status, 403);
    EXPECT_EQ(
        client.post("/a/" + token + "/e/" + path[0], "csrf=" + client.csrf() + "&choice=ultimate")
            .status,
        400);
    EXPECT_EQ(
        client.post("/a/" + token + "/e/tech.unknown", "csrf=" + client.csrf() + "&choice=entry")
            .status,
        404);
    EXPECT_EQ(client.post("/a/" + token + "/delete", "csrf=forged").status, 403);
    auto json = boost::json::parse(client.get("/a/" + token + "/results.json").body).as_object();
    EXPECT_EQ(json["answered"].as_int64(), 0);
}

TEST_F(AssessmentFlow, AutosaveAnswersJson) {
    Client client(server_->port);
    std::string token = start(client);
    const auto& element = server_->roadmap->audience("state")->element_ids[2];
    client.get("/a/" + token + "/e/" + element);
    auto ok = client.post("/a/" + token + "/e/" + element,
                          "csrf=" + client.csrf() + "&choice=not-sure", true);
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.headers["content-type"], "application/json");
    EXPECT_TRUE(boost::json::parse(ok.body).as_object()["saved"].as_bool());
    auto bad =
        client.post("/a/" + token + "/e/" + element, "csrf=" + client.csrf() + "&choice=x", true);
    EXPECT_EQ(bad.status, 400);
    EXPECT_FALSE(boost::json::parse(bad.body).as_object()["saved"].as_bool());
}

TEST_F(AssessmentFlow, ResultsShowProfileNextStepsAndConversations) {
    Client client(server_->port);
    std::string token = start(client);
    const auto& path = server_->roadmap->audience("state")->element_ids;
    client.get("/a/" + token + "/e/" + path[0]);
    client.post("/a/" + token + "/e/" + path[0], "csrf=" + client.csrf() + "&choice=developing");
    client.post("/a/" + token + "/e/" + path[1],
                "csrf=" + client.csrf() + "&choice=not-sure&note=ask+legal");
    auto results = client.get("/a/" + token + "/results");
    ASSERT_EQ(results.status, 200);
    const auto* first = server_->roadmap->element(path[0]);
    for (const std::string& text :
         {std::string("Your profile"), std::string("Moves to get there"), first->moves[1].front(),
          std::string("Conversations to have"), std::string("ask legal"),
          std::string("typical stage is Developing")}) {
        EXPECT_NE(results.body.find(text), std::string::npos) << text;
    }
    auto csv = client.get("/a/" + token + "/results.csv");
    EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
    EXPECT_NE(csv.headers["content-disposition"].find("attachment"), std::string::npos);
}

TEST_F(AssessmentFlow, ResultsReflectEverySaveEvenAfterBeingViewed) {
    Client client(server_->port);
    std::string token = start(client);
    const auto& path = server_->roadmap->audience("state")->element_ids;
    client.get("/a/" + token + "/e/" + path[0]);
    client.post("/a/" + token + "/e/" + path[0], "csrf=" + client.csrf() + "&choice=entry");
    auto before = client.get("/a/" + token + "/results");
    EXPECT_NE(before.body.find("typical stage is Entry"), std::string::npos);
    EXPECT_EQ(client.get("/a/" + token + "/results").body, before.body);  // served again as is
    client.post("/a/" + token + "/e/" + path[0], "csrf=" + client.csrf() + "&choice=transforming");
    auto after = client.get("/a/" + token + "/results");
    EXPECT_NE(after.body.find("typical stage is Transforming"), std::string::npos);
}

TEST(AssessmentIds, ADeletedAssessmentsIdAndCachedResultsAreNeverReused) {
    RunningServer server;  // its own database: the deleted row must be the newest one
    Client client(server.port);
    client.get("/assessments/new?audience=state");
    auto a = client.post("/assessments", "csrf=" + client.csrf() + "&audience=state&label=Alpha");
    std::string alpha = token_of(a.headers["location"]);
    EXPECT_NE(client.get("/a/" + alpha + "/results").body.find("Your results: Alpha"),
              std::string::npos);
    client.get("/a/" + alpha + "/delete");
    ASSERT_EQ(client.post("/a/" + alpha + "/delete", "csrf=" + client.csrf()).status, 303);
    client.get("/assessments/new?audience=state");
    auto b = client.post("/assessments", "csrf=" + client.csrf() + "&audience=state&label=Bravo");
    auto results = client.get("/a/" + token_of(b.headers["location"]) + "/results");
    EXPECT_NE(results.body.find("Your results: Bravo"), std::string::npos);
    EXPECT_EQ(results.body.find("Alpha"), std::string::npos);
}

TEST_F(AssessmentFlow, DeleteAfterConfirmationThenTheLinkIsGone) {
    Client client(server_->port);
    std::string token = start(client);
    EXPECT_EQ(client.get("/a/" + token + "/delete").status, 200);
    auto deleted = client.post("/a/" + token + "/delete", "csrf=" + client.csrf());
    EXPECT_EQ(deleted.status, 303);
    EXPECT_EQ(deleted.headers["location"], "/assessments/deleted");
    EXPECT_EQ(client.cookie("cbe_assessments"), "");
    EXPECT_EQ(client.get("/a/" + token).status, 404);
    EXPECT_EQ(client.get("/a/" + token + "/results").status, 404);
}

TEST_F(AssessmentFlow, UnknownLinksAnswer404) {
    Client client(server_->port);
    EXPECT_EQ(client.get("/a/short").status, 404);
    EXPECT_EQ(client.get("/a/" + std::string(43, 'a')).status, 404);
}

TEST_F(AssessmentFlow, ResultsOfAnOldAssessmentUseItsContentVersion) {
    // Keep the test fixture's content as version 0.1.0, and an assessment made with it.
    content::Problems problems;
    auto files =
        content::read_content_files(std::string(CBE_SOURCE_DIR) + "/tests/data/content", problems);
    store::ContentSnapshots snapshots(server_->database);
    ASSERT_TRUE(snapshots.save("0.1.0", "fixture", files, "2025-01-01T00:00:00Z"));
    store::AssessmentRepository repo(server_->database);
    std::string token = crypto::new_token();
    auto made =
        repo.create(crypto::token_hash(token), "district", "Old", "0.1.0", "2025-01-01T00:00:00Z");
    ASSERT_TRUE(made);
    ASSERT_TRUE(repo.save_answer(
        made->id, {"tech.records", *assessment::Choice::parse("developing"), ""}, "t"));
    Client client(server_->port);
    auto results = client.get("/a/" + token + "/results");
    ASSERT_EQ(results.status, 200);
    EXPECT_NE(results.body.find("roadmap content 0.1.0"), std::string::npos);
    EXPECT_NE(results.body.find("Spread the gradebook."), std::string::npos);  // 0.1.0's moves
}

TEST(AssessmentFailures, ADatabaseFailureShowsAnErrorAndKeepsWhatWasTyped) {
    RunningServer server;  // its own database, so breaking it spares the other tests
    Client client(server.port);
    client.get("/assessments/new?audience=state");
    auto started = client.post("/assessments", "csrf=" + client.csrf() + "&audience=state");
    std::string token = token_of(started.headers["location"]);
    const auto& element = server.roadmap->audience("state")->element_ids.front();
    client.get("/a/" + token + "/e/" + element);
    {
        auto lease = server.database->lease().value();
        lease.session() << "DROP TABLE answers";
    }
    auto failed =
        client.post("/a/" + token + "/e/" + element,
                    "csrf=" + client.csrf() + "&choice=scaling&note=typed+before+failure");
    // A missing table is an internal error (500, logged), not a busy database (503); either
    // way the page comes back with what was typed.
    EXPECT_EQ(failed.status, 500);
    EXPECT_NE(failed.body.find("We could not save this answer just now"), std::string::npos);
    EXPECT_NE(failed.body.find("typed before failure</textarea>"), std::string::npos);
    EXPECT_EQ(client.get("/a/" + token + "/results").status, 500);
}

TEST_F(AssessmentFlow, StartWithBadInputShowsTheFormAgain) {
    Client client(server_->port);
    client.get("/assessments/new");
    auto res =
        client.post("/assessments", "csrf=" + client.csrf() + "&label=" + std::string(121, 'L'));
    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("Choose the pathway"), std::string::npos);
    EXPECT_NE(res.body.find(std::string(121, 'L')), std::string::npos);
}

}  // namespace cbe::testing
