#include "assessment/school_year.hpp"

#include <gtest/gtest.h>

namespace cbe::assessment {

TEST(SchoolYear, AcceptsTwoConsecutiveYearsWithAHyphenOrAnEnDash) {
    EXPECT_TRUE(is_school_year("2026-27"));
    EXPECT_TRUE(is_school_year("2026\u201327"));
    EXPECT_TRUE(is_school_year("2099-00"));  // across a century
}

TEST(SchoolYear, RefusesEverythingElse) {
    for (const char* bad :
         {"", "2026", "2026-28", "2026-2027", "1999-00", "2026/27", "2026 - 27", " 2026-27",
          "2026-2", "2026-277", "20x6-27", "2026-2x", "2026\u201428"}) {
        EXPECT_FALSE(is_school_year(bad)) << bad;
    }
}

TEST(SchoolYear, NormalizesToAHyphenAndTrims) {
    EXPECT_EQ(normalize_school_year(" 2026\u201327 "), "2026-27");
    EXPECT_EQ(normalize_school_year("2026-27"), "2026-27");
    EXPECT_FALSE(normalize_school_year("2026-28"));
}

TEST(SchoolYear, AnAssessmentsYearIsOptionalButMustBeAYearWhenGiven) {
    EXPECT_EQ(validate_school_year("").value(), "");
    EXPECT_EQ(validate_school_year("   ").value(), "");
    EXPECT_EQ(validate_school_year("2025\u201326").value(), "2025-26");
    auto bad = validate_school_year("next year");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(bad.error().message, "assessment.school-year-invalid");
    EXPECT_EQ(bad.error().field, "school_year");
}

TEST(SchoolYear, USSchoolYearsRunFromJulyToJune) {
    EXPECT_EQ(school_year_of("2026-11-27T10:00:00Z"), "2026-27");
    EXPECT_EQ(school_year_of("2026-07-01"), "2026-27");
    EXPECT_EQ(school_year_of("2026-06-30T23:59:59Z"), "2025-26");
    EXPECT_EQ(school_year_of("2026-01-15"), "2025-26");
    EXPECT_EQ(school_year_of("2099-09-01"), "2099-00");
    EXPECT_EQ(school_year_of("2009-09-01"), "2009-10");
    EXPECT_EQ(school_year_of("not a date"), "");
    EXPECT_EQ(school_year_of("2026-13-01"), "");
}

}  // namespace cbe::assessment
