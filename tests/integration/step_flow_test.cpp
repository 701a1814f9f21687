// Moving freely through a self-assessment's steps over HTTP: leaving an unanswered step by every
// button, skipping, flagging for later (and a typed note kept by flagging), clearing an answer
// (CSRF-checked), progress per area, and validation errors that mark their field.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

std::string token_of(const std::string& location) {
    std::smatch m;
    std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})"));
    return m[1];
}

bool has(const std::string& body, const std::string& text) {
    return body.find(text) != std::string::npos;
}

}  // namespace

class StepFlow : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<RunningServer>(); }
    static void TearDownTestSuite() { server_.reset(); }
    void SetUp() override {
        client_.get("/assessments/new?audience=state");
        auto res = client_.post("/assessments", "csrf=" + client_.csrf() + "&audience=state");
        ASSERT_EQ(res.status, 303);
        token_ = token_of(res.headers["location"]);
        base_ = "/a/" + token_;
        client_.get(base_);  // a CSRF token for the posts
    }
    const std::vector<std::string>& path() const {
        return server_->roadmap->audience("state")->element_ids;
    }
    HttpResult post_step(size_t index, const std::string& fields) {
        return client_.post(base_ + "/e/" + path()[index], "csrf=" + client_.csrf() + fields);
    }
    // Rows stored for this assessment: answers and flags alike.
    int stored_rows() const {
        int n = 0;
        auto lease = server_->database->lease().value();
        lease.session()
            << "SELECT COUNT(*) FROM answers a JOIN assessments s "
               "ON s.id = a.assessment_id WHERE s.id = (SELECT MAX(id) FROM assessments)",
            soci::into(n);
        return n;
    }
    long long answered() {
        return boost::json::parse(client_.get(base_ + "/results.json").body)
            .as_object()["answered"]
            .as_int64();
    }

    static std::unique_ptr<RunningServer> server_;
    Client client_{server_->port};
    std::string token_, base_;
};
std::unique_ptr<RunningServer> StepFlow::server_;

TEST_F(StepFlow, AnUnansweredStepLeavesByEveryButtonAndSavesNothing) {
    EXPECT_EQ(post_step(1, "&go=previous").headers["location"], base_ + "/e/" + path()[0]);
    EXPECT_EQ(post_step(1, "&go=next").headers["location"], base_ + "/e/" + path()[2]);
    EXPECT_EQ(post_step(1, "&go=overview").headers["location"], base_);
    EXPECT_EQ(post_step(path().size() - 1, "&go=results").headers["location"], base_ + "/results");
    auto blank_note = post_step(1, "&note=+++&go=next");  // only spaces: nothing typed
    EXPECT_EQ(blank_note.status, 303);
    EXPECT_EQ(blank_note.headers["location"], base_ + "/e/" + path()[2]);
    EXPECT_EQ(stored_rows(), 0);
    EXPECT_EQ(answered(), 0);
}

TEST_F(StepFlow, ATypedNoteWithoutAStageIsKeptByFlaggingTheStep) {
    auto left = post_step(1, "&note=Ask+the+board&go=previous");
    ASSERT_EQ(left.status, 303);
    EXPECT_EQ(left.headers["location"], base_ + "/e/" + path()[0] + "?kept=" + path()[1]);
    auto next = client_.get(left.headers["location"]);
    const auto* element = server_->roadmap->element(path()[1]);
    EXPECT_TRUE(has(next.body, "Your note on “" + element->name + "” is kept"));
    auto step = client_.get(base_ + "/e/" + path()[1]);
    EXPECT_TRUE(has(step.body, "Ask the board</textarea>"));
    EXPECT_TRUE(has(step.body, "Flagged for later"));
    EXPECT_EQ(answered(), 0);  // a flag is not an answer
    // On the last step, "see results" goes to the overview instead, to say so.
    auto last = post_step(path().size() - 1, "&note=later&go=results");
    EXPECT_EQ(last.headers["location"], base_ + "?kept=" + path().back());
}

TEST_F(StepFlow, FlagForLaterSkipsTheStepAndListsItOnTheOverview) {
    auto flagged = post_step(2, "&choice=developing&note=Unsure+who+owns+this&go=flag");
    ASSERT_EQ(flagged.status, 303);
    EXPECT_EQ(flagged.headers["location"], base_ + "/e/" + path()[3] + "?flagged=" + path()[2]);
    EXPECT_EQ(answered(), 0);  // the stage chosen with "flag" is not saved
    auto overview = client_.get(base_);
    const auto* element = server_->roadmap->element(path()[2]);
    EXPECT_TRUE(has(overview.body, "<h2>Flagged for later</h2>"));
    EXPECT_TRUE(has(overview.body, "<a href=\"" + base_ + "/e/" + path()[2] +
                                       "\">Step 3: " + element->name + "</a>"));
    EXPECT_TRUE(has(overview.body, "Note: Unsure who owns this"));
    EXPECT_TRUE(has(overview.body, "<h2>Not answered yet</h2>"));
    // Flagging the last step goes to the overview.
    EXPECT_EQ(post_step(path().size() - 1, "&go=flag").headers["location"],
              base_ + "?flagged=" + path().back());
    // Answering a flagged step unflags it.
    post_step(2, "&choice=scaling&go=next");
    EXPECT_EQ(answered(), 1);
    EXPECT_FALSE(has(client_.get(base_ + "/e/" + path()[2]).body, "step-flagged__tag"));
}

TEST_F(StepFlow, ClearingAnAnswerNeedsTheCsrfTokenAndLeavesTheStepUnanswered) {
    post_step(0, "&choice=scaling&note=Board+adopted+it&go=next");
    ASSERT_EQ(answered(), 1);
    const std::string clear = base_ + "/e/" + path()[0] + "/clear";
    EXPECT_EQ(client_.post(clear, "csrf=forged").status, 403);
    EXPECT_EQ(client_.post(clear, "").status, 403);
    EXPECT_EQ(answered(), 1);
    auto step = client_.get(base_ + "/e/" + path()[0]);
    EXPECT_TRUE(has(step.body, "action=\"" + clear + "\""));
    EXPECT_TRUE(has(step.body, "Clearing removes the stage and note saved for this step"));
    auto cleared = client_.post(clear, "csrf=" + client_.csrf());
    ASSERT_EQ(cleared.status, 303);
    EXPECT_EQ(cleared.headers["location"], base_ + "/e/" + path()[0] + "?cleared=1");
    auto page = client_.get(cleared.headers["location"]);
    EXPECT_TRUE(has(page.body, "The answer to this step is cleared"));
    EXPECT_FALSE(std::regex_search(page.body, std::regex("type=\"radio\"[^>]* checked")));
    EXPECT_FALSE(has(page.body, "Board adopted it"));
    EXPECT_FALSE(has(page.body, "Clear this answer"));  // nothing left to clear
    EXPECT_EQ(answered(), 0);
    {
        int kept = 0;
        auto lease = server_->database->lease().value();
        lease.session() << "SELECT COUNT(*) FROM answer_history WHERE note = 'Board adopted it'",
            soci::into(kept);
        EXPECT_GE(kept, 1);  // the cleared value is kept in the history
    }
    EXPECT_EQ(client_.post(base_ + "/e/tech.unknown/clear", "csrf=" + client_.csrf()).status, 404);
    // A flag clears too.
    post_step(1, "&go=flag");
    EXPECT_EQ(stored_rows(), 1);
    client_.post(base_ + "/e/" + path()[1] + "/clear", "csrf=" + client_.csrf());
    EXPECT_EQ(stored_rows(), 0);
}

TEST_F(StepFlow, ErrorsMarkTheirFieldLinkFromTheSummaryAndKeepWhatWasTyped) {
    std::string long_note(2001, 'x');
    auto bad_note = post_step(1, "&choice=developing&note=" + long_note + "&go=next");
    EXPECT_EQ(bad_note.status, 400);
    EXPECT_TRUE(has(bad_note.body, "<a href=\"#note\">The note is longer than 2,000"));
    EXPECT_TRUE(has(bad_note.body, "usa-form-group usa-form-group--error"));
    EXPECT_TRUE(has(bad_note.body, "<span class=\"usa-error-message\" id=\"note-error\">"));
    EXPECT_TRUE(has(bad_note.body, "class=\"usa-textarea usa-input--error\""));
    EXPECT_TRUE(has(bad_note.body,
                    "aria-describedby=\"note-error note-hint\">" + long_note + "</textarea>"));
    EXPECT_TRUE(has(bad_note.body,
                    "value=\"developing\" aria-describedby=\"choice-developing-detail\" checked"));
    // Too long without a stage too: nothing is flagged, the note comes back.
    auto bad_flag = post_step(1, "&note=" + long_note + "&go=flag");
    EXPECT_EQ(bad_flag.status, 400);
    EXPECT_TRUE(has(bad_flag.body, long_note + "</textarea>"));
    EXPECT_EQ(stored_rows(), 0);

    auto bad_choice = post_step(1, "&choice=ultimate&note=typed&go=next");
    EXPECT_EQ(bad_choice.status, 400);
    EXPECT_TRUE(has(bad_choice.body, "<a href=\"#choice-entry\">Choose one of the four stages"));
    EXPECT_TRUE(has(bad_choice.body, "<span class=\"usa-error-message\" id=\"choice-error\">"));
    EXPECT_TRUE(has(bad_choice.body, "aria-describedby=\"choice-error choice-entry-detail\""));
    EXPECT_TRUE(has(bad_choice.body, "typed</textarea>"));
    EXPECT_FALSE(has(bad_choice.body, "usa-input--error"));
}

TEST_F(StepFlow, ProgressPerAreaHeadingOrderAndLinksToTheElement) {
    const auto* first = server_->roadmap->element(path()[0]);
    const auto* area = server_->roadmap->area(first->area);
    size_t in_area = 0;
    for (const auto& id : path()) in_area += server_->roadmap->element(id)->area == area->id;
    post_step(0, "&choice=entry&go=next");
    std::string counts = "1 of " + std::to_string(in_area);
    auto step = client_.get(base_ + "/e/" + path()[0]);
    EXPECT_TRUE(has(step.body, counts + " answered in " + area->name + "</label>"));
    EXPECT_TRUE(
        has(step.body, "<progress class=\"area-progress__bar\" id=\"area-progress\" max=\"" +
                           std::to_string(in_area) + "\" value=\"1\">"));
    EXPECT_TRUE(has(step.body, "<h1 class=\"step-title\">" + first->name + "</h1>"));
    EXPECT_FALSE(has(step.body, "usa-legend--large"));
    EXPECT_TRUE(has(step.body, "<a href=\"/elements/" + first->id + "\">"));
    EXPECT_TRUE(has(step.body, "a choice not saved yet is not kept"));
    // The element's links are outside the form.
    EXPECT_LT(step.body.find("href=\"/elements/" + first->id),
              step.body.find("<form class=\"usa-form usa-form--large step-form\""));
    // "Save and continue" comes first (Enter in the form presses it).
    auto second = client_.get(base_ + "/e/" + path()[1]).body;
    ASSERT_NE(second.find("Save and go back"), std::string::npos);
    EXPECT_LT(second.find("Save and continue"), second.find("Save and go back"));
    auto overview = client_.get(base_);
    EXPECT_TRUE(has(overview.body, counts + " answered in " + area->name + "</label>"));
}

}  // namespace cbe::testing
