#include "service/rate_limit.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/rules.hpp"

namespace cbe::service {

namespace {
constexpr std::chrono::seconds kLongestWait{15 * 60};

// The wait after `count` attempts of which `free` cost nothing: doubling from 2 s, capped.
std::chrono::seconds wait_past_free(int count, int free) {
    if (count < free) return std::chrono::seconds(0);
    return std::min(kLongestWait, std::chrono::seconds(2LL << std::min(count - free, 10)));
}
}  // namespace

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
    // The kind of key only ("email", "ip"): a key can hold an email address or a client address.
    if (!count) {
        spdlog::error("rate limit: a {} failure not counted: {}", key.substr(0, key.find(':')),
                      count.error().message);
    }
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
            auto delay = wait_past_free(count, free);
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

Result<std::chrono::seconds> RateLimit::within(const std::string& key, int max,
                                               std::chrono::seconds window) const {
    auto now = clock_();
    auto counted = accounts_->count_within(key, max, iso8601(now), iso8601(now - window));
    if (!counted) return tl::unexpected(counted.error());
    if (counted->first <= max) return std::chrono::seconds(0);
    auto last = parse_iso8601(counted->second);
    auto left = last ? std::chrono::ceil<std::chrono::seconds>(*last + window - now) : window;
    return std::max(left, std::chrono::seconds(1));
}

std::chrono::seconds RateLimit::wait_after_misses(const std::string& key, int free,
                                                  std::chrono::seconds window) const {
    auto record = accounts_->failures(key);
    if (!record || !*record) return std::chrono::seconds(0);
    auto last = parse_iso8601((*record)->second);
    if (!last) return std::chrono::seconds(0);
    auto delay = wait_past_free((*record)->first, free);
    auto now = clock_();
    if (now - *last > delay + window) {
        clear(key);  // a quiet window after the wait starts the count again
        return std::chrono::seconds(0);
    }
    auto left = std::chrono::ceil<std::chrono::seconds>(*last + delay - now);
    return left.count() > 0 ? left : std::chrono::seconds(0);
}

}  // namespace cbe::service
