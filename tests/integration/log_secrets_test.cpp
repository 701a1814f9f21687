// The logs hold none of the secrets the server hands out (issue 15, item 4; docs/security.md,
// "What the logs contain"). The real `roadmap serve`, in its own process with its output going
// to a file, is walked through every journey that makes or uses a secret: an assessment's private
// link (answers, results, exports, plan, share links, resume, delete), accounts (sign-up, a wrong
// password, password change, password reset by email), an organization (invitation links, an
// emailed invitation, accepting, moving the assessment in, the board report) and a team session
// (join code, a participant's link and cookie, both event streams). Every secret seen on the way
// (tokens, codes, links, passwords, every cookie value, the email addresses) is then looked for
// in the whole log, in text and in JSON. The JSON run also uses --secure-cookies and checks that
// every cookie the journey was given is a __Host- cookie (item 15).
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "integration/fixtures.hpp"
#include "integration/server_process.hpp"
#include "integration/smtp_sink.hpp"

namespace cbe::testing {

namespace {

constexpr const char* kMetricsToken = "metrics-bearer-Xq7Lw2Vp9Rt4";
// Distinct words, so a password cannot be found in the log by chance.
constexpr const char* kAdaPassword = "QuietHarborLantern93";
constexpr const char* kBobPassword = "MapleOrbitCrane17";
constexpr const char* kCamPassword = "CopperMeadowFinch64";
constexpr const char* kWrongPassword = "WrongGuessPelican55";
constexpr const char* kResetPassword = "FreshMorningCanyon71";
constexpr const char* kChangedPassword = "SteadyRiverPebble28";

// What one journey handed out, and every Set-Cookie header it was sent.
struct Handed {
    std::vector<std::pair<std::string, std::string>> secrets;  // what, value
    std::vector<std::string> set_cookies;
    std::string join_code;
    void add(const std::string& what, const std::string& value) {
        EXPECT_FALSE(value.empty()) << what << " was not handed out: the journey broke before it";
        if (!value.empty()) secrets.emplace_back(what, value);
    }
};

// Walks the journeys. Statuses are checked as it goes, so a broken step shows which one; the
// secrets it collects are what the log is searched for afterwards.
class Journey {
  public:
    Journey(uint16_t port, const SmtpSink& sink, Handed& handed)
        : port_(port), sink_(sink), h_(handed) {}

    void walk() {
        Client ada(port_);
        std::string a = anonymous_assessment(ada);
        resume_elsewhere(a);
        sign_up(ada, "Ada", "ada", kAdaPassword, "");
        wrong_sign_ins();
        std::string org = organization(ada);
        invitations(ada, org);
        std::string placed = move_in(ada, a, org);
        share(ada, placed, "an organization assessment's share link");
        team_session(ada, org);
        password_reset_and_change(ada);
        metrics();
        EXPECT_EQ(post(ada, "/sign-out", "").status, 303);
    }

  private:
    HttpResult get(Client& c, const std::string& target) { return seen(c.get(target)); }
    HttpResult post(Client& c, const std::string& target, const std::string& fields) {
        return seen(post_form(c, target, fields));
    }
    HttpResult seen(HttpResult res) {
        for (const auto& c : res.set_cookies) {
            h_.set_cookies.push_back(c);
            auto eq = c.find('='), end = c.find(';');
            std::string value = c.substr(eq + 1, end - eq - 1);
            if (!value.empty()) h_.add("the cookie " + c.substr(0, eq), value);
        }
        return res;
    }

    // Start, answer (form and script), results and every export, a plan, a share link, a second
    // assessment deleted, a mistyped link.
    std::string anonymous_assessment(Client& c) {
        get(c, "/assessments/new?audience=district");
        auto started = post(c, "/assessments", "audience=district&label=Lincoln");
        EXPECT_EQ(started.status, 303);
        std::string token = first_match(started.headers["location"], std::string("/a/") + kToken);
        h_.add("a private link", token);
        std::string a = "/a/" + token;
        const std::string step = a + "/e/policy.credit-flexibility";
        get(c, step);
        EXPECT_EQ(post(c, step, "choice=entry&note=Pilots+only").status, 303);
        auto saved = seen(c.post(a + "/e/conditions.leadership-vision",
                                 "csrf=" + c.csrf() + "&choice=scaling&note=", true));
        EXPECT_EQ(saved.status, 200);
        for (const char* page : {"", "/results", "/results.csv", "/results.json", "/results.xlsx"})
            EXPECT_EQ(get(c, a + page).status, 200) << page;
        EXPECT_EQ(post(c, a + "/school-year", "school_year=2026-27").status, 303);
        get(c, a + "/plan");
        EXPECT_EQ(post(c, a + "/plan/priorities", "element=policy.credit-flexibility").status, 303);
        auto added = post(c, a + "/plan/actions",
                          "element=policy.credit-flexibility&description=Brief+the+board"
                          "&owner_name=Dr.+Rivera&due_date=2027-03-31&status=not-started");
        EXPECT_EQ(added.status, 303);
        std::string action = first_match(added.headers["location"], "#action-([0-9]+)$");
        EXPECT_EQ(post(c, a + "/plan/actions/" + action,
                       "element=policy.credit-flexibility&description=Brief+the+board"
                       "&status=in-progress")
                      .status,
                  303);
        share(c, a, "a private assessment's share link");

        get(c, "/assessments/new?audience=state");
        auto second = post(c, "/assessments", "audience=state&label=Scratch");
        std::string doomed = first_match(second.headers["location"], std::string("/a/") + kToken);
        h_.add("a deleted assessment's private link", doomed);
        EXPECT_EQ(get(c, "/a/" + doomed + "/delete").status, 200);
        EXPECT_EQ(post(c, "/a/" + doomed + "/delete", "").status, 303);

        std::string mistyped = token;
        mistyped.back() = mistyped.back() == 'A' ? 'B' : 'A';
        h_.add("a mistyped private link", mistyped);
        EXPECT_EQ(get(c, "/a/" + mistyped + "/results").status, 404);
        // The same link asked for in other ways.
        EXPECT_EQ(http_request(port_, "DELETE", a).status, 405);
        EXPECT_EQ(http_request(port_, "HEAD", a + "/results").status, 200);
        EXPECT_EQ(get(c, a + "/results?from=" + token).status, 200);
        return a;
    }

    // Makes a share link of `place` and opens everything under it as a stranger.
    void share(Client& c, const std::string& place, const std::string& what) {
        EXPECT_EQ(get(c, place + "/share").status, 200);
        auto made = post(c, place + "/share", "");
        EXPECT_EQ(made.status, 200);
        std::string token = first_match(made.body, std::string("/s/") + kToken);
        h_.add(what, token);
        Client stranger(port_);
        for (const char* page : {"", "/plan", "/report", "/report.css"})
            EXPECT_EQ(get(stranger, "/s/" + token + page).status, 200) << what << page;
    }

    // Another browser opens the assessment from its pasted link, then forgets it.
    void resume_elsewhere(const std::string& a) {
        Client other(port_);
        get(other, "/assessments");
        std::string pasted = "http://127.0.0.1:" + std::to_string(port_) + a + "/results";
        auto opened = post(other, "/resume", "link=" + pasted);
        EXPECT_EQ(opened.status, 303);
        EXPECT_EQ(get(other, "/assessments").status, 200);
        EXPECT_EQ(post(other, "/assessments/forget", "token=" + a.substr(3)).status, 303);
        auto unknown = post(other, "/resume", "link=" + std::string(43, 'Q'));
        EXPECT_EQ(unknown.status, 404);
        h_.add("an unknown pasted link", std::string(43, 'Q'));
    }

    void sign_up(Client& c, const std::string& name, const std::string& user,
                 const std::string& password, const std::string& invitation) {
        get(c, invitation.empty() ? "/sign-up" : "/sign-up?invitation=" + invitation);
        auto made = post(c, "/sign-up",
                         "name=" + name + "&email=" + user + "%40example.org&password=" + password +
                             (invitation.empty() ? "" : "&invitation=" + invitation));
        EXPECT_EQ(made.status, 303) << user << made.body;
        h_.add(user + "'s password", password);
    }

    void wrong_sign_ins() {
        Client intruder(port_);
        get(intruder, "/sign-in");
        EXPECT_EQ(post(intruder, "/sign-in",
                       "email=ada%40example.org&password=" + std::string(kWrongPassword))
                      .status,
                  400);
        EXPECT_EQ(post(intruder, "/sign-in",
                       "email=nobody%40example.org&password=" + std::string(kWrongPassword))
                      .status,
                  400);
        h_.add("a wrong password", kWrongPassword);
    }

    std::string organization(Client& ada) {
        get(ada, "/orgs/new");
        auto made = post(ada, "/orgs", "name=Lincoln+County+Schools&kind=district");
        EXPECT_EQ(made.status, 303);
        return "/orgs/" + first_match(made.headers["location"], "/orgs/([0-9]+)");
    }

    // A link for Cam (who signs up, then accepts) and an emailed one for Bob (who signs up
    // through it).
    void invitations(Client& ada, const std::string& org) {
        get(ada, org);
        auto link = post(ada, org + "/invitations", "role=viewer");
        EXPECT_EQ(link.status, 200);
        std::string for_cam = first_match(link.body, std::string("/invitations/") + kToken);
        h_.add("an invitation link", for_cam);
        Client cam(port_);
        sign_up(cam, "Cam", "cam", kCamPassword, "");
        EXPECT_EQ(get(cam, "/invitations/" + for_cam).status, 200);
        EXPECT_EQ(post(cam, "/invitations/" + for_cam, "").status, 303);

        get(ada, org);
        auto emailed = post(ada, org + "/invitations", "role=facilitator&email=bob%40example.org");
        EXPECT_EQ(emailed.status, 200);
        auto mail = sink_.wait_for(1);
        std::string for_bob =
            mail.empty() ? "" : first_match(mail[0], std::string("/invitations/") + kToken);
        h_.add("an emailed invitation", for_bob);
        Client bob(port_);
        EXPECT_EQ(get(bob, "/invitations/" + for_bob).status, 200);
        sign_up(bob, "Bob", "bob", kBobPassword, for_bob);
    }

    // Moves the assessment into the organization; returns its path there.
    std::string move_in(Client& ada, const std::string& a, const std::string& org) {
        get(ada, a + "/results");
        EXPECT_EQ(post(ada, a + "/move", "organization=" + org.substr(6)).status, 303);
        std::string placed =
            first_match(get(ada, org).body, "href=\"(/orgs/[0-9]+/assessments/[0-9]+)\"");
        EXPECT_FALSE(placed.empty());
        for (const char* page : {"", "/plan", "/report"})
            EXPECT_EQ(get(ada, placed + page).status, 200) << page;
        EXPECT_EQ(get(ada, a).status, 200);  // the private link still opens it
        return placed;
    }

    void team_session(Client& ada, const std::string& org) {
        get(ada, org + "/sessions/new?audience=district");
        auto opened = post(ada, org + "/sessions",
                           "audience=district&title=Spring+review&school_year=2026-27"
                           "&element=tech.mastery-tracking&element=policy.credit-flexibility");
        EXPECT_EQ(opened.status, 303) << opened.body;
        std::string board = opened.headers["location"];
        h_.join_code = first_match(get(ada, board).body, "join\\?code=([0-9]{6})");
        EXPECT_FALSE(h_.join_code.empty());

        Client phone(port_);
        EXPECT_EQ(get(phone, "/join?code=" + h_.join_code).status, 200);
        auto joined = post(phone, "/join", "code=" + h_.join_code + "&display_name=Kim");
        EXPECT_EQ(joined.status, 303);
        std::string participant =
            first_match(joined.headers["location"], std::string("/p/") + kToken);
        h_.add("a participant's link", participant);
        const std::string p = "/p/" + participant;
        EXPECT_EQ(get(phone, p).status, 200);
        EXPECT_EQ(get(phone, p + "/e/tech.mastery-tracking").status, 200);
        EXPECT_EQ(
            post(phone, p + "/e/tech.mastery-tracking", "choice=developing&note=Two+pilots").status,
            303);
        EXPECT_EQ(get(phone, "/join/resume").status, 303);
        // Both live streams: answered 200, then closed by the client; each is logged when it ends.
        EXPECT_EQ(stream_status(port_, p + "/events", phone.cookie_header()), 200);
        EXPECT_EQ(stream_status(port_, board + "/events", ada.cookie_header()), 200);

        get(ada, board);
        EXPECT_EQ(post(ada, board + "/reveal", "missing=yes").status, 303);
        EXPECT_EQ(post(ada, board + "/decide",
                       "element=tech.mastery-tracking&stage=developing&rationale=Pilots")
                      .status,
                  303);
        EXPECT_EQ(post(ada, board + "/close", "").status, 303);
        for (const char* page :
             {"/placement", "/placement.csv", "/placement.json", "/placement.xlsx", "/plan"})
            EXPECT_EQ(get(ada, board + page).status, 200) << page;
    }

    // An emailed reset link sets a new password; then the password is changed once more.
    void password_reset_and_change(Client& ada) {
        Client forgetful(port_);
        get(forgetful, "/password-reset");
        EXPECT_EQ(post(forgetful, "/password-reset", "email=nobody%40example.org").status, 303);
        EXPECT_EQ(post(forgetful, "/password-reset", "email=ada%40example.org").status, 303);
        auto mail = sink_.wait_for(2);
        std::string reset =
            mail.size() < 2 ? "" : first_match(mail[1], std::string("/password-reset/") + kToken);
        h_.add("a password reset link", reset);
        EXPECT_EQ(get(forgetful, "/password-reset/" + reset).status, 200);
        EXPECT_EQ(
            post(forgetful, "/password-reset/" + reset, "password=" + std::string(kResetPassword))
                .status,
            303);
        h_.add("a password set through a reset link", kResetPassword);
        get(ada, "/sign-in");
        EXPECT_EQ(
            post(ada, "/sign-in", "email=ada%40example.org&password=" + std::string(kResetPassword))
                .status,
            303);
        get(ada, "/account");
        EXPECT_EQ(post(ada, "/account/password",
                       "current_password=" + std::string(kResetPassword) +
                           "&new_password=" + kChangedPassword)
                      .status,
                  303);
        h_.add("a changed password", kChangedPassword);
    }

    void metrics() {
        Client operations(port_);
        operations.set_header("Authorization", std::string("Bearer ") + kMetricsToken);
        EXPECT_EQ(get(operations, "/metrics").status, 200);
        h_.add("the metrics token", kMetricsToken);
    }

    uint16_t port_;
    const SmtpSink& sink_;
    Handed& h_;
};

// The log without the numbers the server writes itself (times, statuses, sizes, durations, tags,
// the port), where a six-digit join code could turn up by chance.
std::string without_our_numbers(const std::string& log) {
    static const std::regex ours(
        R"re(\[[0-9 :.-]+\]|"time":"[^"]*"|"(status|bytes|micros)":[0-9]+|"tag":"[0-9a-f]+")re"
        R"re(| [0-9]{3} [0-9]+ [0-9]+us|#[0-9a-f]{8}|ready in [0-9]+ ms at [^ "]*)re");
    return std::regex_replace(log, ours, "");
}

void expect_no_secret_in(const std::string& log, const Handed& handed) {
    for (const auto& [what, value] : handed.secrets) {
        EXPECT_EQ(log.find(value), std::string::npos) << what << " (" << value << ") is in the log";
    }
    EXPECT_EQ(log.find("@example.org"), std::string::npos) << "an email address is in the log";
    EXPECT_EQ(log.find("%40example.org"), std::string::npos) << "an email address is in the log";
    if (handed.join_code.empty()) return;  // the journey has failed already
    std::regex code("(^|[^0-9])" + handed.join_code + "([^0-9]|$)");
    EXPECT_FALSE(std::regex_search(without_our_numbers(log), code))
        << "the join code " << handed.join_code << " is in the log";
}

// The journey was logged at all: the checks above are not vacuous.
void expect_the_journey_logged(const std::string& log) {
    for (const char* route :
         {"/a/{token}/e/", "/a/{token}/results.xlsx", "/a/{token}/move", "/s/{share}/report",
          "/invitations/{invitation}", "/p/{participant}/e/", "/p/{participant}/events",
          "/password-reset/{reset}", "/resume", "/join"}) {
        EXPECT_NE(log.find(route), std::string::npos) << route << " is not in the log";
    }
    // A session's id is no secret: its board is for signed-in members only.
    EXPECT_TRUE(std::regex_search(log, std::regex("/sessions/[0-9]+/events")));
}

std::vector<std::string> email_options(const SmtpSink& sink) {
    return {"--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            std::to_string(sink.port()),
            "--smtp-tls",
            "none",
            "--smtp-from",
            "roadmap@mail.example.net",
            "--metrics-token",
            kMetricsToken,
            "--event-heartbeat-seconds",
            "1"};
}

}  // namespace

TEST(LogSecrets, AFullJourneyLeavesNoSecretInTheTextLog) {
    SmtpSink sink;
    ServerProcess server(email_options(sink));
    Handed handed;
    Journey(server.port(), sink, handed).walk();
    std::string log = server.stop_and_read_log();
    expect_the_journey_logged(log);
    EXPECT_NE(log.find("] [info] GET /a/{token}/results #"), std::string::npos) << log;
    expect_no_secret_in(log, handed);
}

TEST(LogSecrets, AFullJourneyLeavesNoSecretInTheJsonLogAndEveryCookieIsHostOnly) {
    SmtpSink sink;
    auto options = email_options(sink);
    options.insert(options.end(), {"--log-format", "json", "--secure-cookies"});
    ServerProcess server(options);
    Handed handed;
    Journey(server.port(), sink, handed).walk();
    std::string log = server.stop_and_read_log();
    expect_the_journey_logged(log);
    EXPECT_NE(log.find(R"("type":"access","method":"GET","path":"/a/{token}/results")"),
              std::string::npos)
        << log;
    expect_no_secret_in(log, handed);
    // Session, CSRF, remembered assessments, the participant's cookie, and deletions of each.
    EXPECT_GE(handed.set_cookies.size(), 5u);
    for (const auto& cookie : handed.set_cookies) {
        EXPECT_EQ(cookie.rfind("__Host-", 0), 0u) << cookie;
        EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
        EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
        EXPECT_EQ(cookie.find("Domain"), std::string::npos) << cookie;
    }
}

}  // namespace cbe::testing
