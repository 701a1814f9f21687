// The results page shows the note of every answer that has one (a stage, not sure, not
// applicable), never an empty "Your note:" label, and says what "typical stage" means where the
// summary first uses it.
#include <gtest/gtest.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

size_t count(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(ResultsPage, ShowsEveryNoteAndExplainsTheTypicalStage) {
    RunningServer server;
    Client client(server.port);
    client.get("/assessments/new?audience=district");
    auto started = client.post("/assessments", "csrf=" + client.csrf() + "&audience=district");
    std::smatch m;
    std::string location = started.headers["location"];
    ASSERT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})")));
    std::string token = m[1];
    const auto& path = server.roadmap->audience("district")->element_ids;
    ASSERT_GE(path.size(), 4u);
    const std::vector<std::pair<std::string, std::string>> answers{
        {"developing", "NOTE-ON-A-STAGE"},
        {"not-sure", "NOTE-WHEN-NOT-SURE"},
        {"not-applicable", "NOTE-NOT-APPLICABLE"},
        {"scaling", "+++%0D%0A+"}};  // spaces and a line break only: no note to show
    for (size_t i = 0; i < answers.size(); ++i) {
        std::string step = "/a/" + token + "/e/" + path[i];
        client.get(step);
        ASSERT_EQ(client
                      .post(step, "csrf=" + client.csrf() + "&choice=" + answers[i].first +
                                      "&note=" + answers[i].second)
                      .status,
                  303);
    }
    std::string page = client.get("/a/" + token + "/results").body;
    for (const char* note : {"NOTE-ON-A-STAGE", "NOTE-WHEN-NOT-SURE", "NOTE-NOT-APPLICABLE"}) {
        // In the profile table, beside its answer.
        EXPECT_TRUE(std::regex_search(page, std::regex("class=\"profile-table__answer\"[^>]*>[^<]+"
                                                       "<p class=\"profile-table__note\">"
                                                       "<span class=\"profile-table__note-label\">"
                                                       "Your note:</span> " +
                                                       std::string(note))))
            << note;
    }
    // Three notes in the table, and the not-sure one again under "Conversations to have";
    // the blank note has no label at all.
    EXPECT_EQ(count(page, "Your note:</span>"), 4u);
    EXPECT_EQ(count(page, "Your note:</span> </p>"), 0u);
    // The definition follows the summary that says "the typical stage is".
    auto summary = page.find("the typical stage is");
    auto definition = page.find("<dfn>typical stage</dfn>");
    ASSERT_NE(summary, std::string::npos);
    ASSERT_NE(definition, std::string::npos);
    EXPECT_LT(summary, definition);
    EXPECT_LT(definition, page.find("id=\"profile-title\""));
}

}  // namespace cbe::testing
