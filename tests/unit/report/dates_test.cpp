#include "report/dates.hpp"

#include <gtest/gtest.h>

namespace cbe::report {

TEST(ReadableDate, NamesTheMonthAndDropsTheTime) {
    EXPECT_EQ(readable_date("2026-11-27T10:02:46Z"), "27 November 2026");
    EXPECT_EQ(readable_date("2026-01-05T23:59:59Z"), "5 January 2026");
}

TEST(ReadableDate, AcceptsADateAlone) { EXPECT_EQ(readable_date("2027-03-01"), "1 March 2027"); }

TEST(ReadableDate, AcceptsFractionalSeconds) {
    EXPECT_EQ(readable_date("2026-12-31T00:00:00.123Z"), "31 December 2026");
}

TEST(ReadableDate, KnowsLeapYears) {
    EXPECT_EQ(readable_date("2028-02-29T12:00:00Z"), "29 February 2028");
    EXPECT_EQ(readable_date("2000-02-29"), "29 February 2000");
    EXPECT_EQ(readable_date("2027-02-29"), "2027-02-29");
    EXPECT_EQ(readable_date("2100-02-29"), "2100-02-29");
}

TEST(ReadableDate, ReturnsAnythingElseUnchanged) {
    for (const char* text : {"", "—", "soon", "2026-13-01", "2026-00-10", "2026-04-31",
                             "2026-11-27T10:02:46", "2026-11-27T24:00:00Z", "2026-11-27 10:02:46Z",
                             "2026-11-27T10:02:46+01:00", "2026-11-27T10:02:46Z trailing",
                             "2026-11-27T10:02:46.Z", "20261127", "2026-1-27", "２０２６-11-27"}) {
        EXPECT_EQ(readable_date(text), text) << text;
    }
}

TEST(ReadableDateTime, SaysTheTimeInUtc) {
    EXPECT_EQ(readable_date_time("2026-11-27T10:02:46Z"), "27 November 2026, 10:02 UTC");
    EXPECT_EQ(readable_date_time("2026-07-04T00:05:00Z"), "4 July 2026, 00:05 UTC");
    EXPECT_EQ(readable_date_time("2026-07-04T23:59:59.999Z"), "4 July 2026, 23:59 UTC");
}

TEST(ReadableDateTime, NeedsATime) {
    EXPECT_EQ(readable_date_time("2026-07-04"), "2026-07-04");
    EXPECT_EQ(readable_date_time("not a date"), "not a date");
}

}  // namespace cbe::report
