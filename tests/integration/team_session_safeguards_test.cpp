// Team-session safeguards (issue 20): totals of too few raters never leave the server; a code
// whose joining is closed answers like an unknown one; sessions open too long are closed by the
// housekeeping; joins per address are bounded, a device gets its own participant back, and the
// facilitator removes a participant whose ratings then leave the totals.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

bool has(const std::string& body, const std::string& text) {
    return body.find(text) != std::string::npos;
}

constexpr const char* kMastery = "tech.mastery-tracking";
constexpr const char* kCredit = "policy.credit-flexibility";

// A district with a facilitator (signed in on `facilitator`); returns the organization's path.
std::string district(RunningServer& server, Client& facilitator) {
    long long org = make_organization(server);
    sign_up_member(server, facilitator, "fay", org, access::Role::kFacilitator);
    return org_path(org);
}

// Opens a session over the two elements with `extra` form fields; returns its board's path.
std::string open_with(Client& facilitator, const std::string& org, const std::string& extra = "") {
    facilitator.get(org + "/sessions/new?audience=district");
    auto opened = post_form(facilitator, org + "/sessions",
                            "audience=district&title=Spring&school_year=2026-27&element=" +
                                std::string(kMastery) + "&element=" + kCredit + extra);
    EXPECT_EQ(opened.status, 303) << opened.body;
    return "/sessions/" + std::to_string(session_id(opened));
}

// Joins from `c`; returns the participant's private path ("/p/<token>").
std::string joined(Client& c, const std::string& code) {
    auto res = join_session(c, code);
    EXPECT_EQ(res.status, 303) << res.body;
    return res.headers["location"];
}

int rate(Client& c, const std::string& path, const std::string& element, const std::string& choice,
         const std::string& note = "") {
    c.get(path + "/e/" + element);
    return post_form(c, path + "/e/" + element, "choice=" + choice + "&note=" + note).status;
}

int act(Client& facilitator, const std::string& board, const std::string& action,
        const std::string& fields = "") {
    facilitator.get(board);
    return post_form(facilitator, board + "/" + action, fields).status;
}

}  // namespace

// Item 10. With "I rate too" and one other rater, the totals would be the other's rating once
// the facilitator subtracts their own: below 3 raters no total, median or note leaves the server
// (board, phone, placement, CSV, JSON), the board and phones say so, and the agreed stage can
// still be recorded. Three raters show as before; a session may ask for more, never fewer.
TEST(TeamSessionSafeguards, TotalsOfFewerThanThreeRatersNeverLeaveTheServer) {
    RunningServer server;
    Client fay(server.port);
    std::string org = district(server, fay);
    std::string board = open_with(fay, org, "&rates=yes");
    std::string code = join_code(fay, board);
    std::string mine = fay.get("/join/resume").headers["location"];
    ASSERT_FALSE(mine.empty());
    Client other(server.port), second(server.port);
    std::string theirs = joined(other, code);
    std::string third = joined(second, code);
    // Mastery: the facilitator and one other. Credit: three raters.
    EXPECT_EQ(rate(fay, mine, kMastery, "entry", "FAY-NOTE"), 303);
    EXPECT_EQ(rate(other, theirs, kMastery, "transforming", "OTHER-NOTE"), 303);
    EXPECT_EQ(rate(fay, mine, kCredit, "developing"), 303);
    EXPECT_EQ(rate(other, theirs, kCredit, "developing"), 303);
    EXPECT_EQ(rate(second, third, kCredit, "scaling", "THIRD-NOTE"), 303);
    EXPECT_EQ(act(fay, board, "reveal", "missing=yes"), 303);

    std::string shown = fay.get(board).body;
    std::string mastery = shown.substr(shown.find("id=\"" + std::string(kMastery) + "\""));
    mastery = mastery.substr(0, mastery.find("</li>"));
    EXPECT_TRUE(has(mastery, "Too few answers to show")) << mastery;
    EXPECT_TRUE(has(mastery, "at least 3")) << mastery;
    EXPECT_FALSE(has(mastery, "session-aggregate")) << mastery;
    EXPECT_FALSE(has(mastery, "OTHER-NOTE"));
    // Nor is the median offered as the decision's starting point: it would be a rating too.
    EXPECT_FALSE(has(mastery, "value=\"entry\" selected")) << mastery;
    EXPECT_TRUE(has(mastery, "Agreed stage"));  // the decision form is there
    EXPECT_TRUE(has(shown, "THIRD-NOTE"));      // three raters: totals and notes as before
    std::string phone = other.get(theirs).body;
    EXPECT_TRUE(has(phone, "Too few answers to show the group")) << phone;
    ASSERT_NE(phone.find("session-aggregate"), std::string::npos);
    EXPECT_EQ(phone.find("session-aggregate"), phone.rfind("session-aggregate"))
        << "one aggregate on the phone: credit's";
    // The agreed stage is still recorded.
    EXPECT_EQ(
        act(fay, board, "decide",
            "element=" + std::string(kMastery) + "&stage=developing&rationale=Talked+it+through"),
        303);
    EXPECT_EQ(act(fay, board, "close"), 303);

    Client viewer(server.port);
    std::string placement = board + "/placement";
    std::string page = fay.get(placement).body;
    EXPECT_TRUE(has(page, "Too few answered to show (at least 3 needed)")) << page;
    std::string csv = fay.get(placement + ".csv").body;
    // Mastery: empty counts, no median, the reason; credit: its counts.
    EXPECT_TRUE(has(csv, "\"Talked it through\",\"\",,,,,,,,,\"too-few-raters\"\r\n")) << csv;
    EXPECT_TRUE(has(csv, ",0,2,1,0,0,0,0,\"Developing\"")) << csv;
    std::string json = fay.get(placement + ".json").body;
    EXPECT_TRUE(has(json, "\"totals\":null,\"totals_withheld\":true")) << json;
    EXPECT_TRUE(has(json, "\"totals_withheld\":false")) << json;
    for (const auto& body : {page, csv, json}) EXPECT_FALSE(has(body, "transforming\":1"));

    // The open form refuses fewer than 3 and keeps what was typed; 4 hides three raters.
    fay.get(org + "/sessions/new?audience=district");
    auto refused = post_form(fay, org + "/sessions",
                             "audience=district&title=Kept&school_year=2026-27&min_raters=2");
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(has(refused.body, "whole number from 3")) << refused.body;
    EXPECT_TRUE(has(refused.body, "value=\"Kept\""));
    std::string strict = open_with(fay, org, "&min_raters=4");
    std::string strict_code = join_code(fay, strict);
    std::vector<std::unique_ptr<Client>> raters;
    for (int i = 0; i < 3; ++i) {
        raters.push_back(std::make_unique<Client>(server.port));
        EXPECT_EQ(rate(*raters.back(), joined(*raters.back(), strict_code), kMastery, "scaling"),
                  303);
    }
    EXPECT_EQ(act(fay, strict, "reveal", "element=" + std::string(kMastery)), 303);
    std::string strict_board = fay.get(strict).body;
    EXPECT_TRUE(has(strict_board, "at least 4 have")) << strict_board;
    EXPECT_FALSE(has(strict_board, "session-aggregate"));
}

// Item 12. A code whose joining is closed gets the unknown code's answer (404, the same words)
// and counts as a miss: ten of them slow the address down like ten wrong codes.
TEST(TeamSessionSafeguards, AClosedJoiningAnswersAsAnUnknownCodeAndCountsAsAMiss) {
    FrozenClock frozen;
    RunningServer server(behind_proxy(), frozen.clock());
    Client fay(server.port);
    std::string board = open_with(fay, district(server, fay));
    std::string code = join_code(fay, board);
    EXPECT_EQ(act(fay, board, "joining", "open=no"), 303);

    auto guesser = from(server.port, "203.0.113.9");
    auto unknown = join_session(*guesser, code == "000000" ? "000001" : "000000");
    auto live = join_session(*guesser, code);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(live.status, unknown.status) << live.body;
    std::string words = first_match(unknown.body, "(No open session has this code[^<]*)");
    ASSERT_FALSE(words.empty());
    EXPECT_TRUE(has(live.body, words)) << live.body;
    // Eight more tries of the live code: ten misses in all, the address's free guesses.
    for (int i = 0; i < 8; ++i) EXPECT_EQ(join_session(*guesser, code).status, 404);
    EXPECT_EQ(join_session(*guesser, code).status, 429);
    // Another address is not held up.
    EXPECT_EQ(join_session(*from(server.port, "198.51.100.4"), code).status, 404);
}

// Item 13. The hourly housekeeping closes a session open longer than the operator's limit (30
// days by default) through the normal close: the version moves, the code stops working, the board
// and the phones say it closed automatically, and the audit log has it.
TEST(TeamSessionSafeguards, ASessionOpenTooLongIsClosedAndSaysSo) {
    FrozenClock frozen;
    RunningServer server(config_for_tests(), frozen.clock());
    ASSERT_TRUE(server.housekeeping);
    Client fay(server.port);
    std::string board = open_with(fay, district(server, fay));
    std::string code = join_code(fay, board);
    Client phone(server.port);
    std::string mine = joined(phone, code);
    long long version = count(server, "SELECT version FROM team_sessions");

    frozen.offset = 29LL * 24 * 3600;  // under the limit: nothing happens
    EXPECT_TRUE(server.housekeeping->run(std::chrono::hours(0)));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_sessions WHERE state = 'open'"), 1);

    frozen.offset = 31LL * 24 * 3600;
    EXPECT_TRUE(server.housekeeping->run(std::chrono::hours(0)));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_sessions WHERE state = 'open'"), 0);
    EXPECT_GT(count(server, "SELECT version FROM team_sessions"), version);
    // A month on, the facilitator signs in again (sign-in sessions last 7 days at most).
    EXPECT_EQ(sign_in(fay, "fay", "correct+horse+battery").status, 303);
    EXPECT_TRUE(has(fay.get(board).body, "closed automatically"));
    EXPECT_TRUE(has(phone.get(mine).body, "closed automatically"));
    Client late(server.port);
    EXPECT_EQ(join_session(late, code).status, 404);
    EXPECT_EQ(count(server,
                    "SELECT COUNT(*) FROM audit_log WHERE event = 'session-closed' "
                    "AND organization_id IS NOT NULL"),
              1);
    // A second run finds nothing more to close.
    EXPECT_TRUE(server.housekeeping->run(std::chrono::hours(0)));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'session-closed'"), 1);
}

// Item 11. One address may bring 200 participants to a session (a school behind one address
// still fits), not more; a device that joined before gets its own participant back; the board
// counts the joins from one address.
TEST(TeamSessionSafeguards, JoinsPerAddressAreBoundedAndADeviceGetsItsParticipantBack) {
    RunningServer server(behind_proxy());
    Client fay(server.port);
    std::string board = open_with(fay, district(server, fay));
    std::string code = join_code(fay, board);

    auto device = from(server.port, "203.0.113.7");
    std::string first = joined(*device, code);
    EXPECT_EQ(joined(*device, code), first);  // the same phone again: the same participant
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_participants"), 1);

    for (int i = 1; i < 200; ++i) {
        auto res = join_session(*from(server.port, "203.0.113.7"), code);
        ASSERT_EQ(res.status, 303) << i << res.body;
    }
    auto refused = join_session(*from(server.port, "203.0.113.7"), code);
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(has(refused.body, "200 participants have joined this session from your network"))
        << refused.body;
    EXPECT_EQ(join_session(*from(server.port, "198.51.100.4"), code).status, 303);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_participants"), 201);
    EXPECT_TRUE(has(fay.get(board).body, "<strong>200 of 201</strong> joined from the same"));
}

// Item 11. The facilitator removes a participant: they leave the list, their link stops working,
// their ratings leave the totals, and the audit log has it. Nobody else may.
TEST(TeamSessionSafeguards, TheFacilitatorRemovesAParticipantAndTheirRatingsLeaveTheTotals) {
    RunningServer server;
    Client fay(server.port);
    std::string org = district(server, fay);
    std::string board = open_with(fay, org);
    std::string code = join_code(fay, board);
    std::vector<std::unique_ptr<Client>> room;
    std::vector<std::string> paths;
    for (const char* choice : {"developing", "developing", "developing", "transforming"}) {
        room.push_back(std::make_unique<Client>(server.port));
        paths.push_back(joined(*room.back(), code));
        EXPECT_EQ(rate(*room.back(), paths.back(), kMastery, choice), 303);
    }
    EXPECT_TRUE(has(fay.get(board).body, "4 of 4</strong> have answered"));

    Client viewer(server.port);
    sign_up_member(server, viewer, "vic", std::stoll(org.substr(6)), access::Role::kViewer);
    viewer.get("/join");
    EXPECT_EQ(post_form(viewer, board + "/participants/remove", "participant=4").status, 404);
    EXPECT_EQ(act(fay, board, "participants/remove", "participant=9"), 404);

    EXPECT_EQ(act(fay, board, "participants/remove", "participant=4"), 303);
    EXPECT_EQ(room.back()->get(paths.back()).status, 404);
    std::string after = fay.get(board).body;
    EXPECT_FALSE(has(after, "Participant 4"));
    EXPECT_TRUE(has(after, "3 of 3</strong> have answered"));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_ratings"), 3);
    EXPECT_EQ(count(server,
                    "SELECT COUNT(*) FROM audit_log WHERE "
                    "event = 'session-participant-removed' AND detail LIKE "
                    "'Participant 4%' AND organization_id IS NOT NULL"),
              1);
    EXPECT_EQ(act(fay, board, "reveal", "element=" + std::string(kMastery)), 303);
    std::string csv_like = fay.get(board).body;
    EXPECT_TRUE(has(csv_like, "3 counted, 3 chose a stage")) << csv_like;
    EXPECT_TRUE(has(csv_like, "session-verdict--agreement"));
}

}  // namespace cbe::testing
