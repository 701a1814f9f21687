#include "assessment/answer.hpp"

#include <gtest/gtest.h>

namespace cbe::assessment {

namespace {
content::Audience pathway() {
    content::Audience a;
    a.id = "district";
    a.name = "District and school leadership";
    a.element_ids = {"tech.records", "policy.credit"};
    return a;
}
}  // namespace

TEST(Choice, ParsesStagesAndTheTwoOtherAnswers) {
    EXPECT_EQ(Choice::parse("scaling")->stage, 2u);
    EXPECT_EQ(Choice::parse("not-sure")->kind, ChoiceKind::kNotSure);
    EXPECT_EQ(Choice::parse("not-applicable")->kind, ChoiceKind::kNotApplicable);
    EXPECT_FALSE(Choice::parse("Scaling"));
    EXPECT_FALSE(Choice::parse(""));
    for (const char* id : {"entry", "transforming", "not-sure", "not-applicable"}) {
        EXPECT_EQ(Choice::parse(id)->id(), id);
    }
}

TEST(ValidateAnswer, AcceptsAStageAndANote) {
    auto a = validate_answer(pathway(), "policy.credit", "developing", "We pilot it.");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->choice.stage, 1u);
    EXPECT_EQ(a->note, "We pilot it.");
}

TEST(ValidateAnswer, ElementOffThePathwayIsNotFound) {
    auto a = validate_answer(pathway(), "conditions.culture", "entry", "");
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, ErrorCode::kNotFound);
}

TEST(ValidateAnswer, MissingOrUnknownChoiceIsInvalid) {
    EXPECT_EQ(validate_answer(pathway(), "tech.records", "", "").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(validate_answer(pathway(), "tech.records", "soaring", "").error().code,
              ErrorCode::kInvalidInput);
}

TEST(ValidateAnswer, NoteLimitCountsCharactersNotBytes) {
    std::string two_thousand_accents;
    for (int i = 0; i < 2000; ++i) two_thousand_accents += "é";  // 4,000 bytes
    EXPECT_TRUE(validate_answer(pathway(), "tech.records", "entry", two_thousand_accents));
    auto too_long = validate_answer(pathway(), "tech.records", "entry", std::string(2001, 'a'));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().message, "answer.note-too-long");
    EXPECT_EQ(too_long.error().field, "note");  // the page marks the note, not the choice
}

TEST(ValidateAnswer, NoteMustBeValidUtf8) {
    auto bad = validate_answer(pathway(), "tech.records", "entry", "bad \xff byte");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "note");
    EXPECT_EQ(validate_answer(pathway(), "tech.records", "someday", "").error().field, "choice");
}

TEST(ValidateFlag, KeepsTheNoteWithTheAnswersRules) {
    auto flag = validate_flag(pathway(), "tech.records", "Ask the registrar.");
    ASSERT_TRUE(flag);
    EXPECT_EQ(flag->note, "Ask the registrar.");
    EXPECT_TRUE(validate_flag(pathway(), "tech.records", ""));
    EXPECT_EQ(validate_flag(pathway(), "conditions.culture", "").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(validate_flag(pathway(), "tech.records", std::string(2001, 'a')).error().message,
              "answer.note-too-long");
    EXPECT_FALSE(validate_flag(pathway(), "tech.records", "bad \xff byte"));
}

TEST(ValidateFlag, TheFlagIsNoChoiceSoResultsNeverCountIt) {
    EXPECT_FALSE(Choice::parse(kFlaggedChoice));
}

TEST(ValidateLabel, TrimsAndLimitsTo120Characters) {
    EXPECT_EQ(*validate_label("  Springfield  "), "Springfield");
    EXPECT_TRUE(validate_label(""));
    EXPECT_FALSE(validate_label(std::string(121, 'x')));
}

}  // namespace cbe::assessment
