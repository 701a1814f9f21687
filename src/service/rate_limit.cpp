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

Error rate_limited(std::chrono::seconds wait) {
    return Error{ErrorCode::kRateLimited, "rate.wait", std::max<long long>(1, wait.count())};
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
    // The kind of key only ("email", "ip"): a key can hold an email address or a client address.
    if (!count) {
        spdlog::error("rate limit: a {} failure not counted: {}", key.substr(0, key.find(':')),
                      count.error().message);
    }
    return count.value_or(0);
}

void RateLimit::clear(const std::string& key) const { (void)accounts_->clear_failures(key); }

Result<void> RateLimit::attempt(const std::string& key, int free,
                                std::chrono::seconds window) const {
    const auto now = clock_();
    std::chrono::seconds left{0};
    auto allowed = accounts_->decide_attempt(
        key, [&](const store::ThrottleCount& so_far) -> std::optional<store::ThrottleCount> {
            auto last = parse_iso8601(so_far.last);
            // A quiet window (or no count yet) starts the count again.
            if (so_far.count <= 0 || !last || now - *last > window) {
                return store::ThrottleCount{1, iso8601(now)};
            }
            if (so_far.count >= free) {
                left = std::chrono::ceil<std::chrono::seconds>(
                    *last + wait_past_free(so_far.count, free) - now);
                if (left.count() > 0) return std::nullopt;
            }
            return store::ThrottleCount{so_far.count + 1, iso8601(now)};
        });
    if (!allowed) return tl::unexpected(allowed.error());
    if (!*allowed) return tl::unexpected(rate_limited(left));
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

Result<void> RateLimit::gate(const std::string& key,
                             const std::function<std::chrono::seconds(int)>& delay,
                             std::optional<std::chrono::seconds> forget_after) const {
    const auto now = clock_();
    std::chrono::seconds left{0};
    auto allowed = accounts_->decide_attempt(
        key, [&](const store::ThrottleCount& so_far) -> std::optional<store::ThrottleCount> {
            auto last = parse_iso8601(so_far.last);
            if (so_far.count <= 0 || !last) return so_far;
            auto wait = delay(so_far.count);
            if (forget_after && now - *last > wait + *forget_after) {
                return store::ThrottleCount{};  // a quiet window after the wait: forgotten
            }
            left = std::chrono::ceil<std::chrono::seconds>(*last + wait - now);
            if (left.count() > 0) return std::nullopt;
            // Failures already cost a wait: this attempt starts the next one, so attempts
            // waiting on this check behind it are refused.
            if (wait.count() > 0) return store::ThrottleCount{so_far.count, iso8601(now)};
            return so_far;
        });
    if (!allowed) return tl::unexpected(allowed.error());
    if (!*allowed) return tl::unexpected(rate_limited(left));
    return {};
}

Result<void> RateLimit::may_try(const std::string& key) const {
    return gate(key, accounts::throttle_delay, std::nullopt);
}

Result<void> RateLimit::may_guess(const std::string& key, int free,
                                  std::chrono::seconds window) const {
    return gate(
        key, [free](int misses) { return wait_past_free(misses, free); }, window);
}

}  // namespace cbe::service
