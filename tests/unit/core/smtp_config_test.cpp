// The email and organization-creation settings: read from the environment, checked together,
// the password from a file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core/config.hpp"

namespace cbe {

namespace {
std::function<const char*(const char*)> env(const std::map<std::string, std::string>& values) {
    return [values](const char* name) -> const char* {
        auto it = values.find(name);
        return it == values.end() ? nullptr : it->second.c_str();
    };
}
}  // namespace

TEST(SmtpConfig, TheEnvironmentSetsEveryEmailSetting) {
    ServeConfig config;
    ASSERT_TRUE(apply_environment(config, env({{"CBE_SMTP_HOST", "mail.example.org"},
                                               {"CBE_SMTP_PORT", "465"},
                                               {"CBE_SMTP_FROM", "roadmap@example.org"},
                                               {"CBE_SMTP_TLS", "tls"},
                                               {"CBE_SMTP_USER", "roadmap"},
                                               {"CBE_SMTP_PASSWORD", "s3cret"},
                                               {"CBE_SMTP_TIMEOUT_SECONDS", "5"},
                                               {"CBE_ORG_CREATION", "operators"}})));
    EXPECT_EQ(config.smtp.host, "mail.example.org");
    EXPECT_EQ(config.smtp.port, 465);
    EXPECT_EQ(config.smtp.from, "roadmap@example.org");
    EXPECT_EQ(config.smtp.tls, "tls");
    EXPECT_EQ(config.smtp.user, "roadmap");
    EXPECT_EQ(config.smtp.password, "s3cret");
    EXPECT_EQ(config.smtp.timeout_seconds, 5);
    EXPECT_FALSE(config.organizations_by_anyone);
    EXPECT_TRUE(check_smtp(config.smtp));
}

TEST(SmtpConfig, DefaultsAreNoEmailAndAnyoneCreatesOrganizations) {
    ServeConfig config;
    ASSERT_TRUE(apply_environment(config, env({})));
    EXPECT_TRUE(config.smtp.host.empty());
    EXPECT_EQ(config.smtp.tls, "starttls");
    EXPECT_TRUE(config.organizations_by_anyone);
    EXPECT_TRUE(check_smtp(config.smtp));  // nothing to check without a host
}

TEST(SmtpConfig, BadValuesAreRefusedWithTheirName) {
    for (const auto& [name, value] :
         std::map<std::string, std::string>{{"CBE_SMTP_PORT", "0"},
                                            {"CBE_SMTP_PORT", "smtp"},
                                            {"CBE_SMTP_TIMEOUT_SECONDS", "301"},
                                            {"CBE_ORG_CREATION", "everyone"},
                                            {"CBE_SMTP_PASSWORD_FILE", "/nonexistent/password"}}) {
        ServeConfig config;
        auto bad = apply_environment(config, env({{name, value}}));
        ASSERT_FALSE(bad) << name;
    }
    SmtpConfig smtp;
    smtp.host = "mail.example.org";
    EXPECT_FALSE(check_smtp(smtp));  // no From address
    smtp.from = "roadmap@example.org";
    EXPECT_TRUE(check_smtp(smtp));
    smtp.tls = "sometimes";
    EXPECT_FALSE(check_smtp(smtp));
    smtp.tls = "none";
    smtp.from = "a@b.org\r\nBcc: x@y.org";  // no header injection through the setting
    EXPECT_FALSE(check_smtp(smtp));
}

TEST(SmtpConfig, ThePasswordFileGivesItsFirstLineAndAnErrorNeverShowsIt) {
    auto path = std::filesystem::temp_directory_path() / "cbe-smtp-password-test";
    {
        std::ofstream out(path);
        out << "pa55 word\r\nsecond line\n";
    }
    SmtpConfig smtp;
    ASSERT_TRUE(read_smtp_password_file(smtp, path.string()));
    EXPECT_EQ(smtp.password, "pa55 word");
    std::filesystem::remove(path);
    auto missing = read_smtp_password_file(smtp, path.string());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message.find("pa55"), std::string::npos);
}

}  // namespace cbe
