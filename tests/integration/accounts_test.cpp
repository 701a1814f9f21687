// Accounts over HTTP: sign-up, sign-in with generic errors and throttling, session fixation,
// sign-out and time-outs, password change, CSRF.
#include <gtest/gtest.h>

#include <atomic>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/account_repository.hpp"

namespace cbe::testing {

namespace {

// A clock that stands still until the test moves it forward: a throttling wait the tests expect
// cannot end between requests, however slow the machine (the AddressSanitizer build).
struct TestClock {
    const std::chrono::system_clock::time_point start = std::chrono::system_clock::now();
    std::atomic<long long> offset_seconds{0};
    Clock clock() {
        return [this] { return start + std::chrono::seconds(offset_seconds.load()); };
    }
    void advance(std::chrono::seconds s) { offset_seconds += s.count(); }
};

std::string form(const Client& c, const std::string& rest) {
    return "csrf=" + c.csrf() + "&" + rest;
}

HttpResult sign_up(Client& c, const std::string& email,
                   const std::string& password = "correct+horse+battery") {
    c.get("/sign-up");
    return c.post("/sign-up", form(c, "name=Ada&email=" + email + "&password=" + password));
}

HttpResult sign_in(Client& c, const std::string& email, const std::string& password) {
    c.get("/sign-in");
    return c.post("/sign-in", form(c, "email=" + email + "&password=" + password));
}

bool is_signed_in(Client& c) { return c.get("/account").status == 200; }

}  // namespace

class Accounts : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(config_for_tests(), clock_.clock());
    }
    void TearDown() override { server_.reset(); }
    TestClock clock_;
    std::unique_ptr<RunningServer> server_;
};

// Behind TLS (the --secure-cookies setting) every cookie the server sets is Secure and carries
// the __Host- prefix, and the server reads its cookies back only under those names.
TEST(AccountsBehindTls, CookiesAreSecureAndHostPrefixed) {
    ServeConfig config = config_for_tests();
    config.secure_cookies = true;
    RunningServer server(config);
    Client c(server.port);
    c.get("/sign-up");
    auto res =
        c.post("/sign-up", "csrf=" + c.csrf() +
                               "&name=Ada&email=ada%40example.org&password=correct+horse+battery");
    ASSERT_EQ(res.status, 303);
    ASSERT_FALSE(res.set_cookies.empty());
    for (const auto& set : res.set_cookies) {
        EXPECT_NE(set.find("; Secure"), std::string::npos) << set;
        EXPECT_NE(set.find("HttpOnly"), std::string::npos) << set;
        EXPECT_EQ(set.rfind("__Host-", 0), 0u) << set;
    }
    std::string session = c.cookie("__Host-cbe_session");
    ASSERT_FALSE(session.empty());
    EXPECT_TRUE(is_signed_in(c));
    // The same session under the plain name, as a cookie planted over HTTP would be, is ignored.
    Client planted(server.port);
    planted.set_cookie("cbe_session", session);
    EXPECT_FALSE(is_signed_in(planted));
}

TEST_F(Accounts, SignUpSignsInAndSignOutEndsTheSessionOnTheServer) {
    Client c(server_->port);
    auto res = sign_up(c, "ada%40example.org");
    ASSERT_EQ(res.status, 303);
    EXPECT_EQ(res.headers["location"], "/account");
    std::string session = c.cookie("cbe_session");
    ASSERT_FALSE(session.empty());
    EXPECT_NE(res.headers["set-cookie"].find("HttpOnly"), std::string::npos);
    EXPECT_NE(res.headers["set-cookie"].find("SameSite=Lax"), std::string::npos);
    EXPECT_EQ(res.headers["set-cookie"].find("Secure"), std::string::npos);  // plain HTTP here
    EXPECT_TRUE(is_signed_in(c));
    EXPECT_EQ(c.post("/sign-out", form(c, "")).status, 303);
    // The old cookie, replayed, no longer works: the session is gone on the server.
    Client replay(server_->port);
    replay.set_cookie("cbe_session", session);
    EXPECT_EQ(replay.get("/account").status, 303);
}

TEST_F(Accounts, ErrorsDoNotRevealWhichEmailsExist) {
    Client c(server_->port);
    sign_up(c, "ada%40example.org");
    Client other(server_->port);
    auto wrong_password = sign_in(other, "ada%40example.org", "not+the+password");
    auto unknown_email = sign_in(other, "nobody%40example.org", "not+the+password");
    EXPECT_EQ(wrong_password.status, 400);
    EXPECT_EQ(unknown_email.status, 400);
    EXPECT_NE(wrong_password.body.find("The email or password is not right."), std::string::npos);
    EXPECT_NE(unknown_email.body.find("The email or password is not right."), std::string::npos);
    // A taken email is a conflict (409), told without confirming the account exists.
    auto again = sign_up(other, "ada%40example.org");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.body.find("already exists"), std::string::npos);
    EXPECT_NE(again.body.find("If you already have one, sign in instead."), std::string::npos);
}

TEST_F(Accounts, RepeatedFailuresSlowDownAndAreLogged) {
    Client c(server_->port);
    sign_up(c, "ada%40example.org");
    Client attacker(server_->port);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(sign_in(attacker, "ada%40example.org", "guess").status, 400);
    auto throttled = sign_in(attacker, "ada%40example.org", "correct+horse+battery");
    EXPECT_EQ(throttled.status, 429);  // even the right password waits
    EXPECT_FALSE(throttled.headers["retry-after"].empty());
    clock_.advance(std::chrono::seconds(3));
    EXPECT_EQ(sign_in(attacker, "ada%40example.org", "correct+horse+battery").status, 303);
    store::AccountRepository accounts(server_->database);
    auto user = accounts.find_user("ada@example.org").value();
    auto log = accounts.audit_entries(user.id, 20).value();
    int failed = 0;
    for (const auto& e : log) failed += e.entry.event == "sign-in-failed";
    EXPECT_EQ(failed, 4);
    EXPECT_EQ(log.front().entry.event, "sign-in");
}

TEST_F(Accounts, SignInIssuesANewSessionAndEndsThePreviousOne) {
    Client ada(server_->port), bob(server_->port);
    sign_up(ada, "ada%40example.org");
    sign_up(bob, "bob%40example.org");
    std::string planted = ada.cookie("cbe_session");
    // Bob's browser carries a session id someone else knows, then Bob signs in.
    bob.set_cookie("cbe_session", planted);
    ASSERT_EQ(sign_in(bob, "bob%40example.org", "correct+horse+battery").status, 303);
    EXPECT_NE(bob.cookie("cbe_session"), planted);
    Client replay(server_->port);
    replay.set_cookie("cbe_session", planted);
    EXPECT_EQ(replay.get("/account").status, 303);  // the pre-sign-in id no longer works
}

TEST_F(Accounts, SessionsTimeOutWhenIdleAndAfterAWeek) {
    Client c(server_->port);
    sign_up(c, "ada%40example.org");
    clock_.advance(std::chrono::hours(11));
    EXPECT_TRUE(is_signed_in(c));  // used within 12 hours: still on
    clock_.advance(std::chrono::hours(13));
    EXPECT_FALSE(is_signed_in(c));  // idle for 13 hours

    Client busy(server_->port);
    sign_in(busy, "ada%40example.org", "correct+horse+battery");
    for (int step = 1; step <= 15; ++step) {  // 15 × 11 h = 165 h: used often, under a week
        clock_.advance(std::chrono::hours(11));
        EXPECT_TRUE(is_signed_in(busy)) << step;
    }
    clock_.advance(std::chrono::hours(11));  // 176 h since sign-in
    EXPECT_FALSE(is_signed_in(busy));        // over 7 days since sign-in, however busy
}

TEST_F(Accounts, ChangingThePasswordEndsOtherSessions) {
    Client laptop(server_->port), phone(server_->port);
    sign_up(laptop, "ada%40example.org");
    sign_in(phone, "ada%40example.org", "correct+horse+battery");
    laptop.get("/account");
    EXPECT_EQ(laptop
                  .post("/account/password",
                        form(laptop, "current_password=wrong&new_password=another+long+one"))
                  .status,
              400);
    auto changed = laptop.post(
        "/account/password",
        form(laptop, "current_password=correct+horse+battery&new_password=another+long+one"));
    EXPECT_EQ(changed.status, 303);
    EXPECT_TRUE(is_signed_in(laptop));
    EXPECT_FALSE(is_signed_in(phone));
    Client fresh(server_->port);
    EXPECT_EQ(sign_in(fresh, "ada%40example.org", "another+long+one").status, 303);
}

TEST_F(Accounts, FormsWithoutAValidCsrfTokenAreRefused) {
    Client c(server_->port);
    c.get("/sign-up");
    EXPECT_EQ(c.post("/sign-up", "name=Ada&email=ada%40example.org&password=correct+horse+battery")
                  .status,
              403);
    EXPECT_EQ(c.post("/sign-in", "csrf=forged&email=ada%40example.org&password=x").status, 403);
    store::AccountRepository accounts(server_->database);
    EXPECT_EQ(accounts.find_user("ada@example.org").error().code, ErrorCode::kNotFound);
}

TEST_F(Accounts, ShortPasswordsAreRefusedAndTheFormKeepsTheOtherFields) {
    Client c(server_->port);
    auto res = sign_up(c, "ada%40example.org", "short");
    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("at least 8 characters"), std::string::npos);
    EXPECT_NE(res.body.find("value=\"ada@example.org\""), std::string::npos);
    EXPECT_EQ(res.body.find("short"), std::string::npos);  // never echo a password
}

}  // namespace cbe::testing
