#include "service/join_code.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "core/crypto.hpp"

namespace cbe::service {

class JoinCode : public ::testing::Test {
  protected:
    void SetUp() override { crypto::init(); }
};

TEST_F(JoinCode, IsSixAsciiDigits) {
    for (int i = 0; i < 200; ++i) {
        std::string code = random_join_code();
        ASSERT_EQ(code.size(), kJoinCodeDigits) << code;
        EXPECT_TRUE(std::all_of(code.begin(), code.end(), [](char c) {
            return c >= '0' && c <= '9';
        })) << code;
    }
}

// Not a statistical test (it cannot fail by bad luck in any realistic run): 2,000 draws from a
// million codes repeat one only rarely, and every position sees several different digits.
TEST_F(JoinCode, CodesVaryInEveryPosition) {
    std::unordered_set<std::string> seen;
    std::array<std::unordered_set<char>, kJoinCodeDigits> digits_at;
    for (int i = 0; i < 2000; ++i) {
        std::string code = random_join_code();
        seen.insert(code);
        for (size_t p = 0; p < kJoinCodeDigits; ++p) digits_at[p].insert(code[p]);
    }
    EXPECT_GT(seen.size(), 1950u);
    for (const auto& digits : digits_at) EXPECT_EQ(digits.size(), 10u);
}

TEST_F(JoinCode, AnUnusedCodeIsNeverOneInUse) {
    std::unordered_set<std::string> in_use;
    for (int i = 0; i < 500; ++i) {
        auto code = unused_join_code(in_use);
        ASSERT_TRUE(code.has_value());
        EXPECT_FALSE(in_use.contains(*code));
        in_use.insert(*code);
    }
    EXPECT_EQ(in_use.size(), 500u);
}

TEST_F(JoinCode, RetriesPastCodesInUse) {
    int asked = 0;
    auto code = unused_join_code([&asked](const std::string&) { return ++asked < 5; });
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(asked, 5);
}

TEST_F(JoinCode, GivesUpAfterABoundedNumberOfDraws) {
    int asked = 0;
    auto code = unused_join_code([&asked](const std::string&) {
        ++asked;
        return true;
    });
    ASSERT_FALSE(code.has_value());
    EXPECT_EQ(code.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(code.error().message, "session.join-codes-exhausted");
    EXPECT_EQ(asked, kJoinCodeDraws);
}

TEST(JoinCodeInput, AcceptsSpacesAndDashesAnywhere) {
    for (std::string_view typed :
         {"123456", "123 456", " 123456 ", "123-456", "1 2 3 4 5 6", "12-34-56", "\t123 456\t",
          "123\u00A0456", "123\u202F456", "123\u2013456", "123\u2212456"}) {
        auto code = normalize_join_code(typed);
        ASSERT_TRUE(code.has_value()) << typed;
        EXPECT_EQ(*code, "123456") << typed;
    }
}

TEST(JoinCodeInput, KeepsLeadingZeros) {
    EXPECT_EQ(normalize_join_code("000 042").value(), "000042");
}

TEST(JoinCodeInput, RejectsAnythingButSixDigits) {
    for (std::string_view typed :
         {"", "   ", "12345", "1234567", "123 4567", "12345a", "abcdef", "123.456", "123_456",
          "+123456", "123456\n", "１２３４５６" /* full-width digits */,
          "١٢٣٤٥٦" /* Arabic-Indic */, "123456 1", "12\u00E9456"}) {
        auto code = normalize_join_code(typed);
        ASSERT_FALSE(code.has_value()) << typed;
        EXPECT_EQ(code.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(code.error().message, "session.join-code-invalid");
    }
}

TEST(JoinCodeInput, RejectsAStrayByteOfASeparator) {
    std::string half_dash =
        "123\xE2\x80"
        "456";  // the en dash cut short
    EXPECT_FALSE(normalize_join_code(half_dash).has_value());
}

TEST(JoinCodeInput, DisplayedCodesTypeBackIn) {
    EXPECT_EQ(display_join_code("012345"), "012 345");
    EXPECT_EQ(normalize_join_code(display_join_code("012345")).value(), "012345");
}

}  // namespace cbe::service
