// Password hashing is bounded: past the running and waiting places, a call is refused at once
// (kUnavailable "busy", answered 503) instead of queueing work.
#include "service/password_hasher.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace cbe::service {

namespace {
// A hash that holds its place until released, so the test decides how long it takes.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    int entered = 0;
    bool open = false;
    Result<std::string> work(std::string_view) {
        std::unique_lock lock(mutex);
        ++entered;
        changed.notify_all();
        changed.wait(lock, [this] { return open; });
        return std::string("hash");
    }
    void wait_for_entries(int n) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return entered >= n; });
    }
    void release() {
        std::lock_guard lock(mutex);
        open = true;
        changed.notify_all();
    }
};
}  // namespace

TEST(PasswordHasher, RefusesAtOnceWhenEveryPlaceIsTaken) {
    PasswordHasher hasher(crypto::minimum_cost(), 1, 0);
    Gate gate;
    hasher.set_work_for_tests(
        [&](std::string_view p, const crypto::PasswordCost&) { return gate.work(p); });
    std::thread first([&] { EXPECT_TRUE(hasher.hash("correct horse battery")); });
    gate.wait_for_entries(1);
    auto refused = hasher.hash("another password");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(refused.error().message, "busy");
    EXPECT_EQ(hasher.refused(), 1u);
    gate.release();
    first.join();
    EXPECT_TRUE(hasher.hash("now there is room"));  // the place is free again
}

TEST(PasswordHasher, VerifyingCountsAgainstTheSameBound) {
    PasswordHasher hasher(crypto::minimum_cost(), 1, 0);
    Gate gate;
    hasher.set_work_for_tests(
        [&](std::string_view p, const crypto::PasswordCost&) { return gate.work(p); });
    std::thread first([&] { EXPECT_TRUE(hasher.hash("correct horse battery")); });
    gate.wait_for_entries(1);
    auto refused = hasher.verify("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaA", "guess");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    gate.release();
    first.join();
}

}  // namespace cbe::service
