// What an email says and how it is framed, without a server (delivery itself is tested against
// a real SMTP server in tests/integration/self_service_test.cpp).
#include "web/smtp_mailer.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "core/text.hpp"

namespace cbe::web {

namespace {

std::string decode_base64(std::string_view in) {
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (char c : in) {
        size_t value = kAlphabet.find(c);
        if (value == std::string::npos) break;  // padding, or the end of the word
        bits = (bits << 6) | static_cast<unsigned>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    return out;
}

// The Subject header as sent: its first line and every folded line after it.
std::vector<std::string> subject_lines(const std::string& message) {
    std::vector<std::string> lines;
    size_t at = message.find("\r\nSubject:") + 2;
    do {
        size_t end = message.find("\r\n", at);
        lines.push_back(message.substr(at, end - at));
        at = end + 2;
    } while (message[at] == ' ');
    return lines;
}

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

// RFC 2047: encoded words of at most 75 characters, on lines of at most 76, each decoding to whole
// UTF-8 characters; together they read as the subject.
TEST(SmtpMailer, ALongSubjectIsFoldedIntoEncodedWordsOfWholeCharacters) {
    std::string name;
    while (name.size() < 200) name += "Escuela Peña Ñandú 学校 ";  // 1-, 2- and 3-byte characters
    std::string text = email({service::MailKind::kInvitation, "bob@example.org", "/invitations/xyz",
                              name, "member", 168});
    auto lines = subject_lines(text);
    ASSERT_GT(lines.size(), 3u);
    std::string decoded;
    const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
    for (const auto& line : lines) {
        EXPECT_LE(line.size(), 76u) << line;
        std::smatch m;
        ASSERT_TRUE(std::regex_search(line, m, word)) << line;
        EXPECT_LE(m[0].length(), 75) << line;
        std::string part = decode_base64(m[1].str());
        EXPECT_TRUE(text::is_valid_utf8(part)) << line;  // no character split between words
        decoded += part;
    }
    EXPECT_EQ(decoded, "Join " + name + " on CBE Roadmap");
}

// A name that is itself an encoded word must not be decoded by the reader's mail program.
TEST(SmtpMailer, ANameLookingLikeAnEncodedWordIsEncodedItself) {
    std::string text = email({service::MailKind::kInvitation, "bob@example.org", "/invitations/xyz",
                              "=?UTF-8?B?QWRtaW4=?=", "member", 168});
    std::string decoded;
    const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
    for (const auto& line : subject_lines(text)) {
        EXPECT_EQ(line.find("Join =?"), std::string::npos) << line;
        std::smatch m;
        ASSERT_TRUE(std::regex_search(line, m, word)) << line;
        decoded += decode_base64(m[1].str());
    }
    EXPECT_EQ(decoded, "Join =?UTF-8?B?QWRtaW4=?= on CBE Roadmap");
}

TEST(SmtpMailer, ALongAsciiSubjectStaysWithinTheLineLimit) {
    std::string text = email({service::MailKind::kInvitation, "bob@example.org", "/invitations/xyz",
                              std::string(120, 'A'), "member", 168});
    for (const auto& line : subject_lines(text)) EXPECT_LE(line.size(), 78u) << line;
}

}  // namespace cbe::web
