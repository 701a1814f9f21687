#include "service/placement_history.hpp"

#include <gtest/gtest.h>

namespace cbe::service {

TEST(PlacementRef, ReadsAssessmentsAndSessionsAndNothingElse) {
    EXPECT_EQ(PlacementRef::parse("assessment-12"), (PlacementRef{PlacementKind::kAssessment, 12}));
    EXPECT_EQ(PlacementRef::parse("session-5"), (PlacementRef{PlacementKind::kSession, 5}));
    for (const char* bad : {"", "assessment-", "assessment-0", "assessment--1", "assessment-1x",
                            "session-99999999999999999999", "plan-3", "12"}) {
        EXPECT_FALSE(PlacementRef::parse(bad)) << bad;
    }
    EXPECT_EQ((PlacementRef{PlacementKind::kSession, 7}).text(), "session-7");
}

TEST(PlacementHistory, NewestSchoolYearFirstThenMostRecentAndOnlyClosedSessions) {
    std::vector<store::OrganizationAssessment> assessments{
        {1, "Old", "district", "2025-03-01T00:00:00Z", "2024-25", "2025-02-01T00:00:00Z", "1.0.0"},
        // No year stated: ordered by the year its date falls in (November 2026: 2026-27).
        {2, "", "district", "2026-11-01T00:00:00Z", "", "2026-10-01T00:00:00Z", "1.0.0"},
        {3, "Stated", "district", "2026-09-01T00:00:00Z", "2026-27", "2026-09-01T00:00:00Z",
         "1.0.0"}};
    store::TeamSessionRecord open, closed;
    open.id = 8;
    open.school_year = "2027-28";
    closed.id = 9;
    closed.closed = true;
    closed.school_year = "2025-26";
    closed.closed_at = "2026-05-01T00:00:00Z";
    auto history = placement_history(assessments, {open, closed});
    ASSERT_EQ(history.size(), 4u);
    EXPECT_EQ(history[0].ref, (PlacementRef{PlacementKind::kAssessment, 2}));
    EXPECT_EQ(history[0].year, "2026-27");
    EXPECT_EQ(history[0].school_year, "");
    EXPECT_EQ(history[1].ref, (PlacementRef{PlacementKind::kAssessment, 3}));
    EXPECT_EQ(history[2].ref, (PlacementRef{PlacementKind::kSession, 9}));
    EXPECT_EQ(history[3].ref, (PlacementRef{PlacementKind::kAssessment, 1}));
    EXPECT_TRUE(earlier(history[3], history[0]));
}

}  // namespace cbe::service
