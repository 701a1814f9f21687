#include "content/stats.hpp"

#include <gtest/gtest.h>

#include "unit/content/content_fixture.hpp"

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

TEST(Stats, StartYearIsTheFirstFourDigitYear) {
    EXPECT_EQ(start_year("2005–2017"), 2005);
    EXPECT_EQ(start_year("since 2019"), 2019);
    EXPECT_EQ(start_year("2021 to 2024"), 2021);
    EXPECT_EQ(start_year("1990s"), 1990);
    EXPECT_EQ(start_year("ongoing"), std::nullopt);
    EXPECT_EQ(start_year("20250 and 123"), std::nullopt);
}

using StatsOfContent = testing::ContentFixture;

TEST_F(StatsOfContent, CountsExamplesPerElementAndByStartYear) {
    auto result = load();
    ASSERT_TRUE(result.roadmap);
    auto stats = compute_stats(*result.roadmap);
    EXPECT_EQ(stats.examples, 3u);
    EXPECT_EQ(stats.examples_per_element,
              (std::map<std::string, size_t>{{"policy.credit", 2}, {"tech.records", 2}}));
    EXPECT_EQ(stats.examples_by_start_year,
              (std::map<int, size_t>{{2010, 1}, {2019, 1}, {2021, 1}}));
    EXPECT_EQ(stats.examples_without_start_year, 0u);
}

TEST_F(StatsOfContent, ExampleWithoutAYearIsCountedApart) {
    edit("examples/sample-network.yaml", "years: 2019 to 2023", "years: ongoing");
    auto result = load();
    ASSERT_TRUE(result.roadmap);
    auto stats = compute_stats(*result.roadmap);
    EXPECT_EQ(stats.examples_by_start_year, (std::map<int, size_t>{{2010, 1}, {2021, 1}}));
    EXPECT_EQ(stats.examples_without_start_year, 1u);
}

}  // namespace cbe::content
