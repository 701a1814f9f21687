// Password hashing with a bound on what clients can make the server do: argon2id costs tens of
// milliseconds and 64 MiB per call, so at most `max_concurrent` hashes run at once and at most
// `max_waiting` wait; past that the caller gets kUnavailable ("busy") at once — answered 503 with
// Retry-After — instead of queueing work that starves everyone else (docs/security.md).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "core/password.hpp"
#include "core/result.hpp"

namespace cbe::service {

class PasswordHasher {
  public:
    PasswordHasher(crypto::PasswordCost cost, size_t max_concurrent, size_t max_waiting)
        : cost_(cost), max_concurrent_(max_concurrent), max_waiting_(max_waiting) {}
    // The work itself, replaceable in tests that need a hash to take as long as they say.
    using Work = std::function<Result<std::string>(std::string_view, const crypto::PasswordCost&)>;
    void set_work_for_tests(Work work) { work_ = std::move(work); }

    [[nodiscard]] Result<std::string> hash(std::string_view password) const;
    // True when `password` matches `hash`.
    [[nodiscard]] Result<bool> verify(const std::string& hash, std::string_view password) const;
    // Calls that were turned away because the queue was full (for metrics and tests).
    size_t refused() const;

  private:
    class Slot;
    crypto::PasswordCost cost_;
    Work work_ = crypto::hash_password;
    size_t max_concurrent_;
    size_t max_waiting_;
    mutable std::mutex mutex_;
    mutable std::condition_variable free_;
    mutable size_t running_ = 0;
    mutable size_t waiting_ = 0;
    mutable size_t refused_ = 0;
};

}  // namespace cbe::service
