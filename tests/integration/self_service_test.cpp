// Self-service (issue 13, item 4), through the real server and a real SMTP server on loopback
// (aiosmtpd): password resets end to end (expired, reused, unknown addresses), invitations by
// email, organizations created on the web with the instance setting on and off, and the
// header's sign-out.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "integration/fixtures.hpp"
#include "integration/smtp_sink.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

// Asks for a reset link for `email` from a fresh anonymous browser; returns the answer.
HttpResult ask_reset(RunningServer& server, const std::string& email) {
    Client anonymous(server.port);
    anonymous.get("/password-reset");
    return post_form(anonymous, "/password-reset", "email=" + email);
}

}  // namespace

class PasswordReset : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(with_email(sink_.port()), clock_.clock());
        ada_ = std::make_unique<Client>(server_->port);
        ada_id_ = sign_up(*server_, *ada_, "ada");  // signed in: a session a reset must end
    }
    // Asks for a link for ada and returns its token, read from the delivered email.
    std::string emailed_token(size_t nth = 1) {
        EXPECT_EQ(ask_reset(*server_, "ada%40example.org").status, 303);
        auto messages = sink_.wait_for(nth);
        EXPECT_EQ(messages.size(), nth);
        if (messages.size() < nth) return "";
        const std::string& mail = messages[nth - 1];
        EXPECT_NE(mail.find("To: ada@example.org"), std::string::npos) << mail;
        EXPECT_NE(mail.find("Subject: Reset your CBE Roadmap password"), std::string::npos);
        EXPECT_NE(mail.find("From: roadmap@example.org"), std::string::npos);
        return first_match(mail, std::string("/password-reset/") + kToken);
    }
    HttpResult set_password(Client& browser, const std::string& token,
                            const std::string& password) {
        EXPECT_EQ(browser.get("/password-reset/" + token).status, 200);
        return browser.post("/password-reset/" + token,
                            "csrf=" + browser.csrf() + "&password=" + password);
    }

    SmtpSink sink_;
    MovableClock clock_;
    std::unique_ptr<RunningServer> server_;
    std::unique_ptr<Client> ada_;
    long long ada_id_ = 0;
};

TEST_F(PasswordReset, AnEmailedLinkSetsANewPasswordAndEndsEverySession) {
    Client phone(server_->port);
    ASSERT_EQ(sign_in(phone, "ada", "correct+horse+battery").status, 303);

    // The form, then the generic answer.
    Client browser(server_->port);
    auto form = browser.get("/password-reset");
    EXPECT_EQ(form.status, 200);
    EXPECT_NE(form.body.find("Send me a link"), std::string::npos);
    auto asked =
        browser.post("/password-reset", "csrf=" + browser.csrf() + "&email=ada%40example.org");
    EXPECT_EQ(asked.status, 303);
    EXPECT_EQ(asked.headers["location"], "/password-reset?sent=1");
    EXPECT_NE(browser.get("/password-reset?sent=1").body.find("Check your email"),
              std::string::npos);

    auto messages = sink_.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    std::string token = first_match(messages[0], std::string("/password-reset/") + kToken);
    ASSERT_FALSE(token.empty()) << messages[0];
    // Only the token's hash is stored.
    EXPECT_EQ(count(*server_, "SELECT COUNT(*) FROM password_resets WHERE token_hash = '" +
                                  crypto::token_hash(token) + "'"),
              1);
    EXPECT_EQ(
        count(*server_, "SELECT COUNT(*) FROM password_resets WHERE token_hash = '" + token + "'"),
        0);

    auto done = set_password(browser, token, "a+brand+new+passphrase");
    EXPECT_EQ(done.status, 303);
    EXPECT_EQ(done.headers["location"], "/sign-in?reset=1");
    EXPECT_NE(browser.get("/sign-in?reset=1").body.find("Your password is changed"),
              std::string::npos);
    // Every session of the account ended.
    EXPECT_EQ(ada_->get("/account").status, 303);
    EXPECT_EQ(phone.get("/account").status, 303);
    // The new password works, the old one does not.
    Client again(server_->port);
    EXPECT_EQ(sign_in(again, "ada", "correct+horse+battery").status, 400);
    EXPECT_EQ(sign_in(again, "ada", "a+brand+new+passphrase").status, 303);
    // Audit events for asking and for resetting.
    EXPECT_EQ(count(*server_,
                    "SELECT COUNT(*) FROM audit_log WHERE event = "
                    "'password-reset-requested' AND user_id = " +
                        std::to_string(ada_id_)),
              1);
    EXPECT_EQ(count(*server_,
                    "SELECT COUNT(*) FROM audit_log WHERE event = 'password-reset' "
                    "AND user_id = " +
                        std::to_string(ada_id_)),
              1);
}

TEST_F(PasswordReset, ALinkWorksOnce) {
    std::string token = emailed_token();
    ASSERT_FALSE(token.empty());
    Client browser(server_->port);
    EXPECT_EQ(set_password(browser, token, "a+brand+new+passphrase").status, 303);
    // Used: the page and the form refuse it, and the password stays the first new one.
    auto page = browser.get("/password-reset/" + token);
    EXPECT_EQ(page.status, 404);
    EXPECT_NE(page.body.find("This link cannot be used"), std::string::npos);
    auto reused = browser.post("/password-reset/" + token,
                               "csrf=" + browser.csrf() + "&password=another+one+here");
    EXPECT_EQ(reused.status, 404);
    Client check(server_->port);
    EXPECT_EQ(sign_in(check, "ada", "a+brand+new+passphrase").status, 303);
}

TEST_F(PasswordReset, ALinkExpiresAfterAnHour) {
    std::string token = emailed_token();
    ASSERT_FALSE(token.empty());
    Client browser(server_->port);
    EXPECT_EQ(browser.get("/password-reset/" + token).status, 200);
    clock_.offset = 61LL * 60;
    EXPECT_EQ(browser.get("/password-reset/" + token).status, 404);
    auto late = browser.post("/password-reset/" + token,
                             "csrf=" + browser.csrf() + "&password=a+brand+new+passphrase");
    EXPECT_EQ(late.status, 404);
    clock_.offset = 0;
    Client check(server_->port);
    EXPECT_EQ(sign_in(check, "ada", "correct+horse+battery").status, 303);
}

TEST_F(PasswordReset, AnUnknownAddressGetsTheSameAnswerAndNoEmail) {
    auto unknown = ask_reset(*server_, "nobody%40example.org");
    auto known = ask_reset(*server_, "ada%40example.org");
    EXPECT_EQ(unknown.status, known.status);
    EXPECT_EQ(unknown.headers["location"], known.headers["location"]);
    EXPECT_EQ(unknown.body, known.body);
    // The outbox sends in order: had the unknown address been sent anything, it would have
    // arrived first.
    auto messages = sink_.wait_for(1);
    ASSERT_GE(messages.size(), 1u);
    EXPECT_NE(messages[0].find("To: ada@example.org"), std::string::npos);
    for (const auto& m : messages) EXPECT_EQ(m.find("nobody@example.org"), std::string::npos);
    EXPECT_EQ(count(*server_, "SELECT COUNT(*) FROM password_resets"), 1);
}

TEST_F(PasswordReset, TheNewPasswordFollowsTheSignUpRulesAndTheLinkStaysUsable) {
    std::string token = emailed_token();
    ASSERT_FALSE(token.empty());
    Client browser(server_->port);
    auto short_one = set_password(browser, token, "short");
    EXPECT_EQ(short_one.status, 400);
    EXPECT_NE(short_one.body.find("usa-input--error"), std::string::npos);
    EXPECT_NE(short_one.body.find("at least 8 characters"), std::string::npos);
    auto as_email = set_password(browser, token, "ada%40example.org");
    EXPECT_EQ(as_email.status, 400);
    EXPECT_EQ(set_password(browser, token, "a+brand+new+passphrase").status, 303);
}

TEST_F(PasswordReset, OneAddressIsSentAtMostThreeLinksAnHourAndAnswersStayTheSame) {
    Client bob(server_->port);
    sign_up(*server_, bob, "bob");
    for (int i = 0; i < 5; ++i) EXPECT_EQ(ask_reset(*server_, "ada%40example.org").status, 303);
    EXPECT_EQ(ask_reset(*server_, "bob%40example.org").status, 303);
    // Bob's link comes after every one of Ada's that was sent.
    auto messages = sink_.wait_for(4);
    ASSERT_EQ(messages.size(), 4u);
    int to_ada = 0;
    for (const auto& m : messages) to_ada += m.find("To: ada@example.org") != std::string::npos;
    EXPECT_EQ(to_ada, 3);
    EXPECT_NE(messages.back().find("To: bob@example.org"), std::string::npos);
}

TEST(PasswordResetWithoutEmail, ThePagesSayToAskAnOperator) {
    RunningServer server;
    Client browser(server.port);
    auto page = browser.get("/password-reset");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("does not send email"), std::string::npos);
    EXPECT_EQ(page.body.find("Send me a link"), std::string::npos);
    EXPECT_NE(browser.get("/sign-in").body.find("Forgot your password?"), std::string::npos);
}

class EmailInvitations : public ::testing::Test {
  protected:
    SmtpSink sink_;
    RunningServer server_{with_email(sink_.port())};
};

TEST_F(EmailInvitations, AnEmailedInvitationArrivesAndJoinsTheOrganization) {
    Client ada(server_.port);
    sign_up(server_, ada, "ada");
    std::string org = new_organization(ada, "Portland+Public+Schools");
    ASSERT_FALSE(org.empty());
    auto page = ada.get(org);
    EXPECT_NE(page.body.find("name=\"email\""), std::string::npos);  // the email field
    auto invited = post_form(ada, org + "/invitations", "role=facilitator&email=Bob%40Example.org");
    EXPECT_EQ(invited.status, 200);
    EXPECT_NE(invited.body.find("An invitation is on its way to bob@example.org"),
              std::string::npos);
    // The link is shown too, to copy.
    std::string shown = first_match(invited.body, std::string("/invitations/") + kToken);
    EXPECT_FALSE(shown.empty());
    EXPECT_EQ(count(server_, "SELECT COUNT(*) FROM invitations WHERE email = 'bob@example.org'"),
              1);

    auto messages = sink_.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    const std::string& mail = messages[0];
    EXPECT_NE(mail.find("To: bob@example.org"), std::string::npos);
    EXPECT_NE(mail.find("Subject: Join Portland Public Schools on CBE Roadmap"), std::string::npos);
    EXPECT_NE(mail.find("as facilitator"), std::string::npos);
    std::string token = first_match(mail, std::string("/invitations/") + kToken);
    EXPECT_EQ(token, shown);

    // Bob follows the link, signs up through it and is a facilitator.
    Client bob(server_.port);
    EXPECT_EQ(bob.get("/invitations/" + token).status, 200);
    bob.get("/sign-up?invitation=" + token);
    auto joined = bob.post("/sign-up", "csrf=" + bob.csrf() + "&invitation=" + token +
                                           "&name=Bob&email=bob%40example.org"
                                           "&password=correct+horse+battery");
    EXPECT_EQ(joined.status, 303);
    EXPECT_EQ(joined.headers["location"], org);
    EXPECT_EQ(count(server_,
                    "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id "
                    "WHERE u.email = 'bob@example.org' AND m.role = 'facilitator'"),
              1);
}

TEST_F(EmailInvitations, AnAddressThatIsNotOneIsRefusedBesideTheForm) {
    Client ada(server_.port);
    sign_up(server_, ada, "ada");
    auto refused = make_invitation(ada, new_organization(ada, "Bangor"), "member", "not-an-email");
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(count(server_, "SELECT COUNT(*) FROM invitations"), 0);
}

// The email is sent off the request (the outbox), so the page cannot know of a failed delivery
// (it is logged): it always shows the link, to send if the email does not arrive.
TEST(EmailInvitationFailure, AFailedDeliveryStillLeavesALinkThatWorks) {
    RunningServer server(with_email(closed_port()));
    Client ada(server.port);
    sign_up(server, ada, "ada");
    auto invited =
        make_invitation(ada, new_organization(ada, "Bangor"), "member", "bob%40example.org");
    EXPECT_EQ(invited.status, 200);
    EXPECT_NE(invited.body.find("If it does not arrive, send them this link yourself"),
              std::string::npos);
    std::string token = first_match(invited.body, std::string("/invitations/") + kToken);
    ASSERT_FALSE(token.empty());
    Client bob(server.port);
    EXPECT_EQ(bob.get("/invitations/" + token).status, 200);
}

TEST(OrganizationsOnTheWeb, ASignedInUserCreatesOneAndOwnsIt) {
    RunningServer server;
    Client ada(server.port);
    long long ada_id = sign_up(server, ada, "ada");
    auto account = ada.get("/account");
    EXPECT_NE(account.body.find("href=\"/orgs/new\""), std::string::npos);
    EXPECT_EQ(ada.get("/orgs/new").status, 200);

    // Bad input: the form again, the field marked, what was typed kept, nothing made.
    auto empty = ada.post("/orgs", "csrf=" + ada.csrf() + "&name=++&kind=district");
    EXPECT_EQ(empty.status, 400);
    EXPECT_NE(empty.body.find("usa-input--error"), std::string::npos);
    auto no_kind = ada.post("/orgs", "csrf=" + ada.csrf() + "&name=Portland&kind=galaxy");
    EXPECT_EQ(no_kind.status, 400);
    EXPECT_NE(no_kind.body.find("value=\"Portland\""), std::string::npos);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM organizations"), 0);

    auto made = ada.post("/orgs", "csrf=" + ada.csrf() + "&name=Portland&kind=district");
    ASSERT_EQ(made.status, 303);
    std::string location = made.headers["location"];
    EXPECT_NE(location.find("?done=created"), std::string::npos);
    auto page = ada.get(location);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("you are its owner"), std::string::npos);
    long long org = std::stoll(first_match(location, "/orgs/([0-9]+)"));
    EXPECT_EQ(
        count(server, "SELECT COUNT(*) FROM memberships WHERE role = 'owner' AND user_id = " +
                          std::to_string(ada_id) + " AND organization_id = " + std::to_string(org)),
        1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM organizations WHERE created_by = " +
                                std::to_string(ada_id)),
              1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'organization-created'"),
              1);

    // A school under the district she owns; not under one she does not own.
    long long other = store::OrganizationRepository(server.database)
                          .create("Bangor", "district", 0, "t")
                          .value()
                          .id;
    EXPECT_NE(ada.get("/orgs/new").body.find("<option value=\"" + std::to_string(org) + "\""),
              std::string::npos);
    auto foreign = ada.post("/orgs", "csrf=" + ada.csrf() + "&name=Lincoln&kind=school&parent=" +
                                         std::to_string(other));
    EXPECT_EQ(foreign.status, 400);
    auto school = ada.post(
        "/orgs", "csrf=" + ada.csrf() + "&name=Lincoln&kind=school&parent=" + std::to_string(org));
    EXPECT_EQ(school.status, 303);
    EXPECT_EQ(count(server,
                    "SELECT COUNT(*) FROM organizations WHERE parent_id = " + std::to_string(org)),
              1);
}

TEST(OrganizationsOnTheWeb, WhenOnlyOperatorsMayTheFormIsClosedAndTheAccountExplains) {
    ServeConfig config = config_for_tests();
    config.organizations_by_anyone = false;
    RunningServer server(config);
    Client ada(server.port);
    sign_up(server, ada, "ada");
    auto account = ada.get("/account");
    EXPECT_EQ(account.body.find("href=\"/orgs/new\""), std::string::npos);
    EXPECT_NE(account.body.find("ask one of its owners for an invitation link"), std::string::npos);
    EXPECT_EQ(ada.get("/orgs/new").status, 403);
    EXPECT_EQ(ada.post("/orgs", "csrf=" + ada.csrf() + "&name=Portland&kind=district").status, 403);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM organizations"), 0);
}

TEST(Header, ShowsWhoIsSignedInWithASignOutButton) {
    RunningServer server;
    Client ada(server.port);
    sign_up(server, ada, "ada");
    auto page = ada.get("/account");
    EXPECT_NE(page.body.find("Signed in as <a href=\"/account\">ada</a>"), std::string::npos);
    auto header = page.body.substr(0, page.body.find("<main"));
    EXPECT_NE(header.find("action=\"/sign-out\""), std::string::npos);
    EXPECT_NE(header.find("name=\"csrf\""), std::string::npos);
    auto out = ada.post("/sign-out", "csrf=" + ada.csrf());
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(ada.get("/account").status, 303);
    // Signed out: no name in the header.
    auto anonymous = ada.get("/sign-in");
    EXPECT_EQ(anonymous.body.find("Signed in as"), std::string::npos);
}

}  // namespace cbe::testing
