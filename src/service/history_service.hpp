// Year over year: compare two of an organization's placements (self-assessments or closed team
// sessions' agreed placements), for any member, viewers included. Both must belong to the
// organization; anything else is answered as if it did not exist (docs/assessment.md,
// "Comparing two placements").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/comparison.hpp"
#include "core/result.hpp"
#include "service/account_service.hpp"
#include "service/content_library.hpp"
#include "service/organization_service.hpp"
#include "service/placement_history.hpp"
#include "store/assessment_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::service {

// One side of a comparison, with the content version it was made with (kept alive here: the
// comparison points into it).
struct ComparedPlacement {
    PlacementSummary summary;
    content::RoadmapPtr roadmap;
};

struct ComparisonPage {
    store::OrganizationRecord organization;
    std::vector<PlacementSummary> placements;  // to pick from, newest school year first
    std::string picked_a, picked_b;            // as asked (kept in the form on an error)
    // Set when two were picked and both found: the earlier is `then`, whatever the order asked.
    std::optional<ComparedPlacement> then, now;
    std::optional<assessment::Comparison> comparison;
    // Why the pick could not be compared (kInvalidInput or kNotFound), and which field ("a", "b").
    std::optional<Error> problem;
    std::string problem_field;
};

class HistoryService {
  public:
    struct Dependencies {
        std::shared_ptr<const OrganizationService> organization_service;
        std::shared_ptr<store::OrganizationRepository> organizations;
        std::shared_ptr<store::AssessmentRepository> assessments;
        std::shared_ptr<store::TeamSessionRepository> sessions;
        std::shared_ptr<ContentLibrary> content;
    };
    explicit HistoryService(Dependencies d) : d_(std::move(d)) {}

    // kNotFound unless `who` is a member of the organization. With `a` and `b` both empty: the
    // placements to pick from. Otherwise the comparison, or the page with `problem` set.
    [[nodiscard]] Result<ComparisonPage> compare(long long organization_id, const SignedIn& who,
                                                 std::string_view a, std::string_view b) const;

  private:
    // The placement as the comparison needs it; kNotFound unless it is the organization's.
    [[nodiscard]] Result<assessment::Placement> load(long long organization_id,
                                                     const PlacementSummary& summary,
                                                     const content::RoadmapPtr& roadmap) const;
    Dependencies d_;
};

}  // namespace cbe::service
