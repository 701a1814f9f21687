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

TEST(Text, HiddenCharactersDependOnTheShapeOfTheText) {
    // Both shapes: controls, direction overrides and isolates, separators, invalid UTF-8.
    for (const char* hidden : {"\x7f", "\x0b", "\x1b", "\xc2\x85", "\u202a", "\u202e", "\u2066",
                               "\u2069", "\u061c", "\u2028", "\xff"}) {
        EXPECT_TRUE(has_hidden_characters(std::string("a") + hidden + "b", TextShape::kLine))
            << hidden;
        EXPECT_TRUE(has_hidden_characters(std::string("a") + hidden + "b", TextShape::kParagraphs))
            << hidden;
    }
    EXPECT_TRUE(has_hidden_characters(std::string("a\0b", 3), TextShape::kParagraphs));
    // A line: no line break, tab or invisible character either.
    for (const char* line_only : {"\n", "\r", "\t", "\u200b", "\u200d", "\u200e", "\u2060",
                                  "\ufeff", "\u00ad", "\u3164", "\U000E0041"}) {
        EXPECT_TRUE(has_hidden_characters(std::string("a") + line_only + "b", TextShape::kLine))
            << line_only;
        EXPECT_FALSE(
            has_hidden_characters(std::string("a") + line_only + "b", TextShape::kParagraphs))
            << line_only;
    }
    // Letters of every script, emoji and their variation selectors are visible.
    for (const char* visible : {"Ada Lovelace", "José Ñúñez", "Ōtani 大谷", "مدرسة", "עברית",
                                "\u2764\ufe0f", "\U0001F469\U0001F3FD"}) {
        EXPECT_FALSE(has_hidden_characters(visible, TextShape::kLine)) << visible;
    }
}

}  // namespace cbe::text
