// Counting attempts per key ("ip:203.0.113.9", "email:a@b.org") in the store, so limits hold
// across processes and restarts: sign-in failures, sign-ups, new assessments, password checks.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/account_repository.hpp"

namespace cbe::service {

// The one refusal of a rate limit: kRateLimited "rate.wait" naming the seconds to wait (at least
// one), answered 429 with Retry-After.
Error rate_limited(std::chrono::seconds wait);

class RateLimit {
  public:
    RateLimit(std::shared_ptr<store::AccountRepository> accounts, Clock clock)
        : accounts_(std::move(accounts)), clock_(std::move(clock)) {}

    // How long `key` must still wait, by the sign-in schedule (accounts::throttle_delay) of
    // its failures in a row; zero when it may try now. Only reads: a gate in front of an
    // attempt is may_try().
    std::chrono::seconds wait(const std::string& key) const;
    // Counts one more failure; returns how many in a row.
    int fail(const std::string& key) const;
    void clear(const std::string& key) const;

    // The gate in front of an attempt whose failures are counted with fail(key) (a password
    // check), by the sign-in schedule: rate_limited while `key` must wait. Once failures cost a
    // wait, letting one attempt through starts the wait again, in the same transaction as the
    // check: of concurrent attempts that find the wait over, only the first goes on.
    [[nodiscard]] Result<void> may_try(const std::string& key) const;

    // Attempts that are not failures (sign-ups, new assessments): the first `free` within
    // `window` of each other cost nothing; after that each must wait twice as long as the
    // last, up to 15 minutes. Decided and counted in one transaction, so of concurrent attempts
    // exactly as many are allowed as one after another would be. rate_limited when it must wait.
    [[nodiscard]] Result<void> attempt(const std::string& key, int free,
                                       std::chrono::seconds window) const;

    // A hard cap (emails to one inbox): at most `max` attempts of `key` within `window` of the
    // last one allowed; later ones are refused (and do not move the window on) until it has
    // passed. Counted in one statement, so a burst of concurrent requests cannot slip past it.
    // Returns zero when this attempt is allowed, else how long until one will be.
    [[nodiscard]] Result<std::chrono::seconds> within(const std::string& key, int max,
                                                      std::chrono::seconds window) const;

    // The gate in front of a guess (a join code, a pasted link) whose misses are counted with
    // fail(key): rate_limited while `key` must wait. Its first `free` misses within `window` of
    // each other cost nothing; after that each waits twice as long as the last (2 s … 15 min),
    // and only a quiet `window` after the wait forgets them. Guesses that find what they look
    // for are not counted, so a room behind one address joins freely. Past the free misses, a
    // guess let through starts the wait again (in the check's transaction): of concurrent
    // guesses only one goes on. While misses are still free the gate cannot know which guesses
    // will miss, so a concurrent burst may take the count past `free` once — and then waits the
    // longer for it, as the wait doubles with every miss.
    [[nodiscard]] Result<void> may_guess(const std::string& key, int free,
                                         std::chrono::seconds window) const;

  private:
    // may_try and may_guess: refuses while `delay(count)` since the last failure has not passed;
    // forgets the count once `forget_after` more has (never when nullopt).
    Result<void> gate(const std::string& key, const std::function<std::chrono::seconds(int)>& delay,
                      std::optional<std::chrono::seconds> forget_after) const;

    std::shared_ptr<store::AccountRepository> accounts_;
    Clock clock_;
};

}  // namespace cbe::service
