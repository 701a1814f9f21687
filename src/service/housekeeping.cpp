#include "service/housekeeping.hpp"

#include <spdlog/spdlog.h>

#include "service/account_service.hpp"
#include "service/team_session_service.hpp"

namespace cbe::service {

namespace {

bool logged(const Result<void>& done) {
    if (!done) spdlog::error("housekeeping: {}", done.error().message);
    return done.has_value();
}

}  // namespace

bool Housekeeping::run(std::chrono::hours audit_retention) const {
    auto now = d_.clock();
    std::string audit_before =
        audit_retention.count() > 0 ? iso8601(now - audit_retention) : std::string();
    bool ok =
        logged(d_.accounts->purge(iso8601(now - kSessionIdle), iso8601(now - kSessionAbsolute),
                                  iso8601(now - kThrottleMemory), audit_before));
    std::string expired = iso8601(now - kExpiredLinkGrace);
    ok = logged(d_.resets->purge(expired)) && ok;
    ok = logged(d_.organizations->purge_invitations(expired)) && ok;
    ok = logged(d_.shares->purge_revoked(iso8601(now - kRevokedShareLinkListed))) && ok;
    if (d_.sessions) {
        auto closed = d_.sessions->close_expired();
        if (closed && *closed > 0)
            spdlog::info("housekeeping: closed {} team sessions open too long", *closed);
        ok = logged(closed ? Result<void>{} : tl::unexpected(closed.error())) && ok;
    }
    return ok;
}

}  // namespace cbe::service
