#include "service/placement_history.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "assessment/school_year.hpp"

namespace cbe::service {

namespace {

constexpr std::string_view kAssessmentPrefix = "assessment-";
constexpr std::string_view kSessionPrefix = "session-";
constexpr size_t kMaxIdDigits = 18;

std::optional<long long> positive_id(std::string_view digits) {
    if (digits.empty() || digits.size() > kMaxIdDigits) return std::nullopt;
    long long id = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (error != std::errc() || end != digits.data() + digits.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

// A stated school year wins; otherwise the one the placement's date falls in.
std::string year_for_ordering(const std::string& stated, const std::string& date) {
    return stated.empty() ? assessment::school_year_of(date) : stated;
}

}  // namespace

std::optional<PlacementRef> PlacementRef::parse(std::string_view text) {
    for (auto [prefix, kind] : {std::pair{kAssessmentPrefix, PlacementKind::kAssessment},
                                std::pair{kSessionPrefix, PlacementKind::kSession}}) {
        if (text.substr(0, prefix.size()) != prefix) continue;
        auto id = positive_id(text.substr(prefix.size()));
        if (!id) return std::nullopt;
        return PlacementRef{kind, *id};
    }
    return std::nullopt;
}

std::string PlacementRef::text() const {
    return std::string(kind == PlacementKind::kAssessment ? kAssessmentPrefix : kSessionPrefix) +
           std::to_string(id);
}

bool earlier(const PlacementSummary& a, const PlacementSummary& b) {
    return std::tie(a.year, a.date) < std::tie(b.year, b.date);
}

std::vector<PlacementSummary> placement_history(
    const std::vector<store::OrganizationAssessment>& assessments,
    const std::vector<store::TeamSessionRecord>& sessions) {
    std::vector<PlacementSummary> out;
    out.reserve(assessments.size() + sessions.size());
    for (const auto& a : assessments) {
        out.push_back({{PlacementKind::kAssessment, a.id},
                       a.label,
                       a.school_year,
                       year_for_ordering(a.school_year, a.updated_at),
                       a.updated_at,
                       a.created_at,
                       a.audience,
                       a.content_version});
    }
    for (const auto& s : sessions) {
        if (!s.closed) continue;
        out.push_back({{PlacementKind::kSession, s.id},
                       s.title,
                       s.school_year,
                       year_for_ordering(s.school_year, s.closed_at),
                       s.closed_at,
                       s.created_at,
                       s.audience,
                       s.content_version});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return earlier(b, a); });
    return out;
}

}  // namespace cbe::service
