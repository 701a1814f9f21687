// An organization's placements over time: its self-assessments and its closed team sessions'
// agreed placements, each with the school year it describes, newest school year first. What the
// organization page lists and what the compare page lets one pick from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/organization_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::service {

enum class PlacementKind { kAssessment, kSession };

// Names one placement in a query string: "assessment-12" or "session-5".
struct PlacementRef {
    PlacementKind kind = PlacementKind::kAssessment;
    long long id = 0;

    // nullopt for anything else (never throws: the text comes from a URL).
    static std::optional<PlacementRef> parse(std::string_view text);
    std::string text() const;
    bool operator==(const PlacementRef&) const = default;
};

struct PlacementSummary {
    PlacementRef ref;
    std::string title;            // the assessment's label (may be empty) or the session's title
    std::string school_year;      // as stated; empty when the assessment did not say
    std::string year;             // the stated year, or the one its date falls in: for ordering
    std::string date;             // last saved (assessment) or closed (session), ISO 8601
    std::string started;          // when it was made, ISO 8601 (names an untitled assessment)
    std::string audience;         // pathway id
    std::string content_version;  // the roadmap version it was made with
};

// Closed sessions only (an open one has no agreed placement yet). Newest school year first; within
// a year, the most recent first.
std::vector<PlacementSummary> placement_history(
    const std::vector<store::OrganizationAssessment>& assessments,
    const std::vector<store::TeamSessionRecord>& sessions);

// True when `a` describes an earlier time than `b` (school year, then date).
bool earlier(const PlacementSummary& a, const PlacementSummary& b);

}  // namespace cbe::service
