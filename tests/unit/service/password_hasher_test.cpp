// Password hashing is bounded: past the running and waiting places, a call is refused at once
// (kUnavailable "busy", answered 503) instead of queueing work.
#include "service/password_hasher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/crypto.hpp"

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

// Sign-in for an email with no account checks the password against a stand-in hash under the
// same bound. The stand-in used to be made once per process by the first such sign-in, through
// the bounded hasher: when that found the hasher busy, the stand-in stayed empty for good and
// every later unknown email was answered at once, telling by its timing that it has no account.
TEST(PasswordHasher, TheStandInForUnknownAccountsIsARealCheckUnderTheSameBound) {
    crypto::init();
    PasswordHasher hasher(crypto::minimum_cost(), 1, 0);
    Gate gate;
    hasher.set_work_for_tests(
        [&](std::string_view p, const crypto::PasswordCost&) { return gate.work(p); });
    std::thread first([&] { EXPECT_TRUE(hasher.hash("correct horse battery")); });
    gate.wait_for_entries(1);
    auto busy = hasher.verify_stand_in("guess");
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable);
    gate.release();
    first.join();
    auto checked = hasher.verify_stand_in("guess");
    ASSERT_TRUE(checked);
    EXPECT_FALSE(*checked);
    EXPECT_FALSE(*hasher.verify_stand_in("stand-in for an unknown account"));
}

// A call that waited for its turn while its client went away is dropped, not hashed for nobody.
TEST(PasswordHasher, ACallWhoseClientLeftWhileWaitingIsDropped) {
    PasswordHasher hasher(crypto::minimum_cost(), 1, 1);
    Gate gate;
    hasher.set_work_for_tests(
        [&](std::string_view p, const crypto::PasswordCost&) { return gate.work(p); });
    std::thread first([&] { EXPECT_TRUE(hasher.hash("correct horse battery")); });
    gate.wait_for_entries(1);
    std::atomic<bool> left{false};
    Result<std::string> waited = std::string();
    std::thread second([&] { waited = hasher.hash("left early", [&] { return left.load(); }); });
    left = true;  // the client closes while the second call waits for the running one
    gate.release();
    first.join();
    second.join();
    ASSERT_FALSE(waited);
    EXPECT_EQ(waited.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(hasher.dropped(), 1u);
    EXPECT_EQ(gate.entered, 1);  // the work ran once: for the client still there
    // A client still there is served.
    EXPECT_TRUE(hasher.hash("still here", [] { return false; }));
    EXPECT_EQ(hasher.dropped(), 1u);
}

}  // namespace cbe::service
