#include "content/stats.hpp"

#include <gtest/gtest.h>

namespace cbe::content {

TEST(Stats, CountsSyllablesByVowelGroups) {
    EXPECT_EQ(count_syllables("cat"), 1u);
    EXPECT_EQ(count_syllables("state"), 1u);
    EXPECT_EQ(count_syllables("table"), 2u);
    EXPECT_EQ(count_syllables("competency"), 4u);
    EXPECT_EQ(count_syllables("x"), 1u);
}

TEST(Stats, MeasuresSentencesAndWordsSkippingTags) {
    Readability r;
    measure("<p>The cat sat. <em>It</em> ran!</p>", r);
    EXPECT_EQ(r.sentences, 2u);
    EXPECT_EQ(r.words, 5u);
}

TEST(Stats, ShortPlainSentencesScoreALowGrade) {
    Readability plain, dense;
    measure("We track what each learner can do. We share it with families.", plain);
    measure(
        "Institutional interoperability necessitates comprehensive standardization of "
        "organizational infrastructure documentation.",
        dense);
    EXPECT_LT(plain.grade(), dense.grade());
    EXPECT_GT(plain.reading_ease(), dense.reading_ease());
}

}  // namespace cbe::content
