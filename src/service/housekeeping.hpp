// Housekeeping: rows that have expired are deleted on a schedule, so no table grows with time
// alone (docs/security.md, "Limits"). `roadmap serve` runs it at start and every hour
// (cli/housekeeping.hpp); a run deletes, per table, what a person can no longer use or see.
#pragma once

#include <chrono>
#include <memory>

#include "core/clock.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/password_reset_repository.hpp"
#include "store/share_link_repository.hpp"

namespace cbe::service {
class TeamSessionService;
}

namespace cbe::service {

// Throttle counts (sign-in failures and the creation limits) untouched this long are forgotten:
// longer than any limit's window and wait.
inline constexpr std::chrono::hours kThrottleMemory{24};
// Password resets and invitation links are deleted this long after they expired (until then a
// late click still says "expired" rather than "unknown").
inline constexpr std::chrono::hours kExpiredLinkGrace{24};
// A revoked share link stays listed (who made it, when it was revoked) this long.
inline constexpr std::chrono::hours kRevokedShareLinkListed{24 * 30};

class Housekeeping {
  public:
    struct Dependencies {
        std::shared_ptr<store::AccountRepository> accounts;
        std::shared_ptr<store::OrganizationRepository> organizations;
        std::shared_ptr<store::PasswordResetRepository> resets;
        std::shared_ptr<store::ShareLinkRepository> shares;
        Clock clock = system_clock();
        // Closes team sessions open longer than the operator allows (none: not done).
        std::shared_ptr<const TeamSessionService> sessions;
    };
    explicit Housekeeping(Dependencies d) : d_(std::move(d)) {}

    // Deletes expired sign-in sessions, old throttle counts, audit entries older than
    // `audit_retention` (zero keeps them all), expired password resets and invitation links,
    // and share links revoked long ago; closes team sessions open too long (their streams learn it
    // through the close's published version). A table that fails is logged; the others still run.
    // Returns whether every table succeeded.
    bool run(std::chrono::hours audit_retention) const;

  private:
    Dependencies d_;
};

}  // namespace cbe::service
