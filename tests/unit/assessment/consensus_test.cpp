#include "assessment/consensus.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cbe::assessment {
namespace {

// One row of the worked examples in docs/team-sessions.md.
struct Example {
    int line = 0;
    std::array<size_t, content::kStageCount> per_stage{};
    size_t not_sure = 0;
    size_t not_applicable = 0;
    size_t no_rating = 0;
    std::optional<size_t> median;
    Verdict verdict = Verdict::kTooFew;
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::stringstream in(row);
    std::string cell;
    std::getline(in, cell, '|');  // before the first bar
    while (std::getline(in, cell, '|')) {
        size_t begin = cell.find_first_not_of(' ');
        size_t end = cell.find_last_not_of(' ');
        out.push_back(begin == std::string::npos ? "" : cell.substr(begin, end - begin + 1));
    }
    if (!out.empty() && out.back().empty()) out.pop_back();  // after the last bar
    return out;
}

Verdict parse_verdict(const std::string& word) {
    static const std::map<std::string, Verdict> kWords{{"agreement", Verdict::kAgreement},
                                                       {"disagreement", Verdict::kDisagreement},
                                                       {"neither", Verdict::kNeither},
                                                       {"too few", Verdict::kTooFew}};
    auto found = kWords.find(lower(word));
    if (found == kWords.end()) throw std::runtime_error("unknown verdict in the doc: " + word);
    return found->second;
}

std::optional<size_t> parse_median(const std::string& word) {
    if (word == "—") return std::nullopt;
    auto stage = content::stage_index(lower(word));
    if (!stage) throw std::runtime_error("unknown stage in the doc: " + word);
    return stage;
}

// The table under "### Worked examples", its columns found by their headings.
std::vector<Example> worked_examples() {
    std::ifstream doc(std::string(CBE_SOURCE_DIR) + "/docs/team-sessions.md");
    if (!doc) throw std::runtime_error("docs/team-sessions.md not found");
    std::string line;
    int number = 0;
    bool in_section = false;
    std::map<std::string, size_t> column;
    std::vector<Example> examples;
    while (std::getline(doc, line)) {
        ++number;
        if (line.rfind("### Worked examples", 0) == 0) in_section = true;
        if (!in_section) continue;
        if (line.rfind('|', 0) != 0) {
            if (!column.empty()) break;  // the end of the table
            continue;
        }
        auto row = cells(line);
        if (column.empty()) {
            for (size_t i = 0; i < row.size(); ++i) column[row[i]] = i;
            continue;
        }
        if (row.at(0).rfind("---", 0) == 0 || row.at(0).rfind(":--", 0) == 0) continue;
        auto count = [&](const std::string& heading) {
            return static_cast<size_t>(std::stoul(row.at(column.at(heading))));
        };
        Example example;
        example.line = number;
        example.per_stage = {count("Entry"), count("Developing"), count("Scaling"),
                             count("Transforming")};
        example.not_sure = count("Not sure");
        example.not_applicable = count("Not applicable");
        example.no_rating = count("No rating");
        example.median = parse_median(row.at(column.at("Median")));
        example.verdict = parse_verdict(row.at(column.at("Verdict")));
        examples.push_back(example);
    }
    return examples;
}

std::vector<Rating> ratings_for(const Example& example) {
    std::vector<Rating> ratings;
    for (size_t stage = 0; stage < content::kStageCount; ++stage) {
        ratings.insert(ratings.end(), example.per_stage[stage], Choice{ChoiceKind::kStage, stage});
    }
    ratings.insert(ratings.end(), example.not_sure, Choice{ChoiceKind::kNotSure, 0});
    ratings.insert(ratings.end(), example.not_applicable, Choice{ChoiceKind::kNotApplicable, 0});
    ratings.insert(ratings.end(), example.no_rating, std::nullopt);
    return ratings;
}

Rating stage(size_t index) { return Choice{ChoiceKind::kStage, index}; }

}  // namespace

TEST(Consensus, EveryWorkedExampleInTheDocHolds) {
    auto examples = worked_examples();
    // Guards against a table the parser silently stopped reading.
    ASSERT_GE(examples.size(), 15u);
    for (const auto& example : examples) {
        SCOPED_TRACE("docs/team-sessions.md:" + std::to_string(example.line));
        auto ratings = ratings_for(example);
        Consensus result = aggregate(ratings);
        EXPECT_EQ(result.per_stage, example.per_stage);
        EXPECT_EQ(result.not_sure, example.not_sure);
        EXPECT_EQ(result.not_applicable, example.not_applicable);
        EXPECT_EQ(result.no_rating, example.no_rating);
        EXPECT_EQ(result.total(), ratings.size());
        EXPECT_EQ(result.median_stage, example.median);
        EXPECT_EQ(verdict_id(result.verdict), verdict_id(example.verdict));

        // The order of the ratings never matters.
        std::reverse(ratings.begin(), ratings.end());
        Consensus reversed = aggregate(ratings);
        EXPECT_EQ(reversed.median_stage, example.median);
        EXPECT_EQ(reversed.verdict, example.verdict);
    }
}

TEST(Consensus, NoRatingsAtAllIsTooFewWithoutAMedian) {
    Consensus result = aggregate({});
    EXPECT_EQ(result.total(), 0u);
    EXPECT_EQ(result.rated, 0u);
    EXPECT_FALSE(result.median_stage.has_value());
    EXPECT_EQ(result.verdict, Verdict::kTooFew);
}

TEST(Consensus, AllNotSureIsCountedButTooFew) {
    std::vector<Rating> ratings(7, Choice{ChoiceKind::kNotSure, 0});
    Consensus result = aggregate(ratings);
    EXPECT_EQ(result.not_sure, 7u);
    EXPECT_EQ(result.rated, 0u);
    EXPECT_FALSE(result.median_stage.has_value());
    EXPECT_EQ(result.verdict, Verdict::kTooFew);
}

TEST(Consensus, ASingleRaterHasAMedianButTooFewForAVerdict) {
    std::vector<Rating> ratings{stage(3)};
    Consensus result = aggregate(ratings);
    EXPECT_EQ(result.rated, 1u);
    EXPECT_EQ(result.median_stage, 3u);
    EXPECT_EQ(result.verdict, Verdict::kTooFew);
}

TEST(Consensus, AnEvenCountTakesTheLowerMiddleStage) {
    EXPECT_EQ(median_stage({1, 0, 0, 1}), 0u);
    EXPECT_EQ(median_stage({0, 1, 1, 0}), 1u);
    EXPECT_EQ(median_stage({0, 2, 1, 1}), 1u);
    EXPECT_EQ(median_stage({0, 1, 2, 1}), 2u);
    EXPECT_EQ(median_stage({0, 0, 0, 2}), 3u);
}

TEST(Consensus, AnOddCountTakesTheMiddleStage) {
    EXPECT_EQ(median_stage({1, 1, 1, 0}), 1u);
    EXPECT_EQ(median_stage({0, 0, 1, 2}), 3u);
    EXPECT_EQ(median_stage({2, 0, 0, 1}), 0u);
}

TEST(Consensus, ThreeRatersAreEnoughForAVerdict) {
    EXPECT_EQ(verdict_for({0, 2, 0, 0}), Verdict::kTooFew);
    EXPECT_EQ(verdict_for({0, 3, 0, 0}), Verdict::kAgreement);
    EXPECT_EQ(verdict_for({1, 0, 0, 1}), Verdict::kTooFew);
    EXPECT_EQ(verdict_for({1, 0, 1, 1}), Verdict::kDisagreement);
}

TEST(Consensus, SummarizeFromCountsMatchesAggregate) {
    Consensus counts;
    counts.per_stage = {2, 2, 2, 0};
    counts.not_sure = 1;
    counts.no_rating = 3;
    Consensus result = summarize(counts);
    EXPECT_EQ(result.rated, 6u);
    EXPECT_EQ(result.total(), 10u);
    EXPECT_EQ(result.median_stage, 1u);
    EXPECT_EQ(result.verdict, Verdict::kDisagreement);
}

// Over every team of up to 12 stage ratings: the verdict reads the scale the same way from either
// end (the rule is symmetric), and not sure / not applicable / no rating never change it.
TEST(Consensus, TheVerdictIsSymmetricAndIgnoresAnswersThatAreNotStages) {
    constexpr size_t kMax = 12;
    size_t checked = 0;
    for (size_t a = 0; a <= kMax; ++a) {
        for (size_t b = 0; a + b <= kMax; ++b) {
            for (size_t c = 0; a + b + c <= kMax; ++c) {
                for (size_t d = 0; a + b + c + d <= kMax; ++d) {
                    Verdict verdict = verdict_for({a, b, c, d});
                    EXPECT_EQ(verdict, verdict_for({d, c, b, a})) << a << b << c << d;
                    Consensus counts;
                    counts.per_stage = {a, b, c, d};
                    counts.not_sure = 5;
                    counts.not_applicable = 2;
                    counts.no_rating = 9;
                    EXPECT_EQ(summarize(counts).verdict, verdict);
                    ++checked;
                }
            }
        }
    }
    EXPECT_EQ(checked, 1820u);  // C(16, 4): every histogram of at most 12 ratings
}

// Totals leave the server only with at least kMinRatersShown people who answered (issue 20):
// one rater's totals are their rating. Not sure and not applicable are answers, no rating is not;
// a session may ask for more raters, never for fewer.
TEST(Consensus, TotalsNeedAMinimumOfRatersWhateverTheSessionAsks) {
    std::vector<Rating> ratings{Choice::parse("developing").value()};
    EXPECT_FALSE(may_show(aggregate(ratings), kMinRatersShown));
    ratings.push_back(Choice::parse("not-sure").value());
    ratings.push_back(std::nullopt);  // joined, did not answer
    ratings.push_back(std::nullopt);
    Consensus two = aggregate(ratings);
    EXPECT_EQ(two.raters(), 2u);
    EXPECT_FALSE(may_show(two, kMinRatersShown));
    EXPECT_FALSE(may_show(two, 0));  // asking for fewer than the floor changes nothing
    EXPECT_FALSE(may_show(two, 1));
    ratings.push_back(Choice::parse("not-applicable").value());
    Consensus three = aggregate(ratings);
    EXPECT_EQ(three.raters(), 3u);
    EXPECT_TRUE(may_show(three, kMinRatersShown));
    EXPECT_TRUE(may_show(three, 0));
    EXPECT_FALSE(may_show(three, 4));  // a session that asked for more
    EXPECT_EQ(kMinRatersShown, 3u);
}

TEST(Consensus, VerdictIdsAreStable) {
    EXPECT_EQ(verdict_id(Verdict::kAgreement), "agreement");
    EXPECT_EQ(verdict_id(Verdict::kDisagreement), "disagreement");
    EXPECT_EQ(verdict_id(Verdict::kNeither), "neither");
    EXPECT_EQ(verdict_id(Verdict::kTooFew), "too-few");
}

}  // namespace cbe::assessment
