// Counting attempts per key ("ip:203.0.113.9", "email:a@b.org") in the store, so limits hold
// across processes and restarts: sign-in failures, sign-ups, new assessments, password checks.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/account_repository.hpp"

namespace cbe::service {

class RateLimit {
  public:
    RateLimit(std::shared_ptr<store::AccountRepository> accounts, Clock clock)
        : accounts_(std::move(accounts)), clock_(std::move(clock)) {}

    // How long `key` must still wait, by the sign-in schedule (accounts::throttle_delay) of
    // its failures in a row; zero when it may try now.
    std::chrono::seconds wait(const std::string& key) const;
    // Counts one more failure; returns how many in a row.
    int fail(const std::string& key) const;
    void clear(const std::string& key) const;

    // Attempts that are not failures (sign-ups, new assessments): the first `free` within
    // `window` of each other cost nothing; after that each must wait twice as long as the
    // last, up to 15 minutes. Counts the attempt when it is allowed. kRateLimited (answered 429)
    // with the wait in `waited` when it is not.
    [[nodiscard]] Result<void> attempt(const std::string& key, int free,
                                       std::chrono::seconds window,
                                       std::chrono::seconds* waited) const;

    // A hard cap (emails to one inbox): at most `max` attempts of `key` within `window` of the
    // last one allowed; later ones are refused (and do not move the window on) until it has
    // passed. Counted in one statement, so a burst of concurrent requests cannot slip past it.
    // Returns zero when this attempt is allowed, else how long until one will be.
    [[nodiscard]] Result<std::chrono::seconds> within(const std::string& key, int max,
                                                      std::chrono::seconds window) const;

    // Misses (a wrong join code, a pasted link that opens nothing), counted with fail(key): how
    // long `key` must wait before it may try again. Its first `free` misses within `window` of
    // each other cost nothing; after that each waits twice as long as the last (2 s … 15 min),
    // and only a quiet `window` after the wait forgets them. Attempts that find what they look
    // for are not counted, so a room behind one address joins freely.
    std::chrono::seconds wait_after_misses(const std::string& key, int free,
                                           std::chrono::seconds window) const;

  private:
    std::shared_ptr<store::AccountRepository> accounts_;
    Clock clock_;
};

}  // namespace cbe::service
