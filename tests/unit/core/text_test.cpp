#include "core/text.hpp"

#include <gtest/gtest.h>

namespace cbe::text {

TEST(Text, TrimRemovesSurroundingWhitespaceOnly) {
    EXPECT_EQ(trim("  a b \n"), "a b");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \t "), "");
}

TEST(Text, SplitKeepsEmptyParts) {
    auto parts = split("a,,b", ',');
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0], "a");
    EXPECT_EQ(parts[1], "");
    EXPECT_EQ(parts[2], "b");
}

TEST(Text, ContainsIgnoresAsciiCase) {
    EXPECT_TRUE(contains_ci("Student Data Privacy", "data priv"));
    EXPECT_FALSE(contains_ci("Student", "students"));
    EXPECT_TRUE(contains_ci("anything", ""));
}

TEST(Text, Utf8ValidationAcceptsTextAndRejectsBrokenSequences) {
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("Año – “quoted” 🎓"));
    EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // beyond U+10FFFF
}

}  // namespace cbe::text
