// What an email says and how it is framed, without a server (delivery itself is tested against
// a real SMTP server in tests/integration/self_service_test.cpp).
#include "web/smtp_mailer.hpp"

#include <gtest/gtest.h>

namespace cbe::web {

namespace {
std::string email(const service::Mail& mail) {
    return compose_email(mail, "roadmap@example.org", "https://roadmap.example.org",
                         "Fri, 27 Nov 2026 13:00:00 +0000", "<id@example.org>");
}
}  // namespace

TEST(SmtpMailer, AResetEmailCarriesTheAbsoluteLinkAndItsLifetime) {
    std::string text = email(
        {service::MailKind::kPasswordReset, "ada@example.org", "/password-reset/abc", "", "", 1});
    EXPECT_NE(text.find("From: roadmap@example.org\r\n"), std::string::npos);
    EXPECT_NE(text.find("To: ada@example.org\r\n"), std::string::npos);
    EXPECT_NE(text.find("Subject: Reset your CBE Roadmap password\r\n"), std::string::npos);
    EXPECT_NE(text.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(text.find("\r\n\r\nhttps://roadmap.example.org/password-reset/abc\r\n"),
              std::string::npos);
    EXPECT_NE(text.find("within 1 hour:"), std::string::npos);
    // Every line ends in CRLF: no bare LF on the wire.
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
        ASSERT_GT(at, 0u);
        EXPECT_EQ(text[at - 1], '\r');
    }
}

TEST(SmtpMailer, AnInvitationNamesTheOrganizationRoleAndDays) {
    std::string text = email({service::MailKind::kInvitation, "bob@example.org", "/invitations/xyz",
                              "Portland Public Schools", "member", 168});
    EXPECT_NE(text.find("Subject: Join Portland Public Schools on CBE Roadmap\r\n"),
              std::string::npos);
    EXPECT_NE(text.find("as member."), std::string::npos);
    EXPECT_NE(text.find("within 7 days"), std::string::npos);
    EXPECT_NE(text.find("https://roadmap.example.org/invitations/xyz"), std::string::npos);
}

TEST(SmtpMailer, ANameCannotAddHeadersAndNonAsciiSubjectsAreEncoded) {
    std::string text = email({service::MailKind::kInvitation, "bob@example.org", "/invitations/xyz",
                              "Evil\r\nBcc: all@example.org", "member", 168});
    EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos);
    std::string accented = email({service::MailKind::kInvitation, "bob@example.org",
                                  "/invitations/xyz", "Escuela Peña", "member", 168});
    EXPECT_NE(accented.find("Subject: =?UTF-8?B?"), std::string::npos);
    EXPECT_EQ(accented.find("Subject: Join Escuela Peña"), std::string::npos);
}

}  // namespace cbe::web
