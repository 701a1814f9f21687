#include "service/rate_limit.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/rules.hpp"

namespace cbe::service {

namespace {
constexpr std::chrono::seconds kLongestWait{15 * 60};
}

std::chrono::seconds RateLimit::wait(const std::string& key) const {
    auto record = accounts_->failures(key);
    if (!record || !*record) return std::chrono::seconds(0);
    auto last = parse_iso8601((*record)->second);
    if (!last) return std::chrono::seconds(0);
    auto until = *last + accounts::throttle_delay((*record)->first);
    // Round up: times are kept to the second, and a wait of 0.4 s is still a wait.
    auto left = std::chrono::ceil<std::chrono::seconds>(until - clock_());
    return left.count() > 0 ? left : std::chrono::seconds(0);
}

int RateLimit::fail(const std::string& key) const {
    auto count = accounts_->record_failure(key, iso8601(clock_()));
    if (!count) spdlog::error("rate limit: {} not counted: {}", key, count.error().message);
    return count.value_or(0);
}

void RateLimit::clear(const std::string& key) const { (void)accounts_->clear_failures(key); }

Result<void> RateLimit::attempt(const std::string& key, int free, std::chrono::seconds window,
                                std::chrono::seconds* waited) const {
    auto record = accounts_->failures(key);
    if (!record) return tl::unexpected(record.error());
    auto now = clock_();
    if (*record) {
        auto last = parse_iso8601((*record)->second);
        int count = (*record)->first;
        if (last && now - *last > window) {
            (void)accounts_->clear_failures(key);  // a quiet window starts the count again
        } else if (last && count >= free) {
            auto delay =
                std::min(kLongestWait, std::chrono::seconds(2LL << std::min(count - free, 10)));
            auto left = std::chrono::ceil<std::chrono::seconds>(*last + delay - now);
            if (left.count() > 0) {
                if (waited) *waited = left;
                return ::cbe::fail(ErrorCode::kRateLimited, "rate");
            }
        }
    }
    auto counted = accounts_->record_failure(key, iso8601(now));
    if (!counted) return tl::unexpected(counted.error());
    return {};
}

}  // namespace cbe::service
