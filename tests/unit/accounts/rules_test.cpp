#include "accounts/rules.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/password.hpp"

namespace cbe::accounts {

TEST(AccountRules, EmailsAreTrimmedLowercasedAndChecked) {
    EXPECT_EQ(*normalize_email("  Ada@Example.ORG "), "ada@example.org");
    EXPECT_FALSE(normalize_email("ada"));
    EXPECT_FALSE(normalize_email("@example.org"));
    EXPECT_FALSE(normalize_email("a@b@example.org"));
    EXPECT_FALSE(normalize_email("ada@example"));
    EXPECT_FALSE(normalize_email("ada <x>@example.org"));
}

// RFC 5322 dot-atom at a host name: nothing a list would show the same as another address.
TEST(AccountRules, EmailsHoldOnlyTheStandardsCharacters) {
    EXPECT_TRUE(normalize_email("o'brien+roadmap@mail.example.org"));
    EXPECT_TRUE(normalize_email("a.b-c_d@xn--bcher-kva.example"));
    for (const std::string& hidden :
         std::vector<std::string>{"\x7f", "\x0b", std::string(1, '\0'), "\x1b", "\u200b", "\u202e",
                                  "\xc2\x85", " ", "\t"}) {
        EXPECT_FALSE(normalize_email("known@example.org" + hidden + "x")) << hidden;
        EXPECT_FALSE(normalize_email("kno" + hidden + "wn@example.org")) << hidden;
    }
    EXPECT_FALSE(normalize_email("known@example.org\x7f"));   // DEL last: not trimmed away
    EXPECT_FALSE(normalize_email("ad\xc3\xa1@example.org"));  // not ASCII
    EXPECT_FALSE(normalize_email(".ada@example.org"));
    EXPECT_FALSE(normalize_email("ada.@example.org"));
    EXPECT_FALSE(normalize_email("a..da@example.org"));
    EXPECT_FALSE(normalize_email("ada@-example.org"));
    EXPECT_FALSE(normalize_email("ada@example..org"));
    EXPECT_FALSE(normalize_email("ada@exa_mple.org"));
    EXPECT_FALSE(normalize_email(std::string(65, 'a') + "@example.org"));
}

TEST(AccountRules, NamesAreOneLineOfVisibleText) {
    EXPECT_EQ(*validate_name("  Ada Lovelace "), "Ada Lovelace");
    EXPECT_TRUE(validate_name("José Ñúñez-Ōtani"));
    for (const std::string hidden : {"\x7f", "\n", "\x1b", "\u200b", "\u202e", "\u2066"}) {
        auto refused = validate_name("Ada" + hidden + "Lovelace");
        ASSERT_FALSE(refused) << hidden;
        EXPECT_EQ(refused.error().message, "text.hidden-characters");
    }
}

TEST(AccountRules, PasswordsNeedEightCharactersAndNoComposition) {
    EXPECT_FALSE(validate_password("1234567", ""));
    EXPECT_TRUE(validate_password("12345678", ""));
    EXPECT_TRUE(validate_password("all lower case words", ""));  // no composition rules
    EXPECT_TRUE(validate_password("éééééééé", ""));              // 8 characters, 16 bytes
    EXPECT_TRUE(validate_password(std::string(256, 'p'), ""));
    EXPECT_FALSE(validate_password(std::string(257, 'p'), ""));
    EXPECT_FALSE(validate_password("Ada@Example.org", "ada@example.org"));
}

TEST(AccountRules, ThrottleDelaysGrowAndStopAtFifteenMinutes) {
    using std::chrono::seconds;
    EXPECT_EQ(throttle_delay(3), seconds(0));
    EXPECT_EQ(throttle_delay(4), seconds(2));
    EXPECT_EQ(throttle_delay(5), seconds(4));
    EXPECT_EQ(throttle_delay(12), seconds(512));
    EXPECT_EQ(throttle_delay(13), seconds(900));
    EXPECT_EQ(throttle_delay(1000), seconds(900));
}

TEST(Passwords, Argon2idHashesVerifyOnlyTheRightPassword) {
    auto hash = crypto::hash_password("correct horse", crypto::minimum_cost());
    ASSERT_TRUE(hash);
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(crypto::verify_password(*hash, "correct horse"));
    EXPECT_FALSE(crypto::verify_password(*hash, "correct horsE"));
    EXPECT_FALSE(crypto::verify_password("", "correct horse"));
    EXPECT_NE(*crypto::hash_password("correct horse", crypto::minimum_cost()), *hash);  // salted
}

TEST(Clock, Iso8601RoundTrips) {
    auto t = std::chrono::system_clock::from_time_t(1795000000);
    EXPECT_EQ(parse_iso8601(iso8601(t)), t);
    EXPECT_FALSE(parse_iso8601("yesterday"));
    EXPECT_FALSE(parse_iso8601("2026-11-22T14:03:05Zjunk"));
    EXPECT_FALSE(parse_iso8601("2999-01-01T00:00:00Z"));  // past what the clock can hold
}

}  // namespace cbe::accounts
