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

    // `gone` (may be empty) says the client has left: a call that waited its turn then finds
    // nobody to answer is dropped (kUnavailable "gone") instead of hashing for no one.
    using Gone = std::function<bool()>;
    [[nodiscard]] Result<std::string> hash(std::string_view password, const Gone& gone = {}) const;
    // True when `password` matches `hash`.
    [[nodiscard]] Result<bool> verify(const std::string& hash, std::string_view password,
                                      const Gone& gone = {}) const;
    // For an email with no account: checks `password` against a stand-in hash made once with
    // this hasher's cost, so the answer takes as long (and counts against the same bound) as a
    // real check and its timing does not tell whether the account exists. Never true.
    [[nodiscard]] Result<bool> verify_stand_in(std::string_view password,
                                               const Gone& gone = {}) const;
    // Calls that were turned away because the queue was full (for metrics and tests).
    size_t refused() const;
    // Calls dropped because their client had gone by the time their turn came.
    size_t dropped() const;
    // Calls waiting for their turn now (tests wait on it to know a call is queued).
    size_t waiting() const;

  private:
    class Slot;
    bool abandoned(const Gone& gone) const;
    crypto::PasswordCost cost_;
    Work work_ = crypto::hash_password;
    size_t max_concurrent_;
    size_t max_waiting_;
    mutable std::mutex mutex_;
    mutable std::condition_variable free_;
    mutable size_t running_ = 0;
    mutable size_t waiting_ = 0;
    mutable size_t refused_ = 0;
    mutable size_t dropped_ = 0;
    mutable std::mutex stand_in_mutex_;
    mutable std::string stand_in_;  // made by the first verify_stand_in
};

}  // namespace cbe::service
