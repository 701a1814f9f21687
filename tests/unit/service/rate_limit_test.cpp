// The slowing limits' schedules (service/rate_limit.hpp), over a real store and a clock the test
// moves: what is free, how the waits double, what a quiet window forgets, and what a refusal
// says. Concurrency is tested through the server (integration/rate_limit_race_test.cpp).
#include "service/rate_limit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/migrations.hpp"

namespace cbe::service {

namespace {
using std::chrono::seconds;
}  // namespace

class RateLimitSchedule : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cbe-rl-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        auto db = store::Database::open_sqlite((dir_ / "t.db").string(), 2).value();
        store::migrate(*db, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite").value();
        accounts_ = std::make_shared<store::AccountRepository>(db);
        limits_ = std::make_unique<RateLimit>(accounts_, [this] { return now_; });
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // The wait a refusal names, or 0 when `result` was allowed.
    static long long refused_for(const Result<void>& result) {
        if (result) return 0;
        EXPECT_EQ(result.error().code, ErrorCode::kRateLimited);
        EXPECT_EQ(result.error().message, "rate.wait");
        return result.error().number;
    }
    int stored_count(const std::string& key) {
        auto record = accounts_->failures(key).value();
        return record ? record->first : 0;
    }

    std::filesystem::path dir_;
    std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
    std::shared_ptr<store::AccountRepository> accounts_;
    std::unique_ptr<RateLimit> limits_;
};

TEST_F(RateLimitSchedule, AttemptsPastTheFreeOnesWaitTwiceAsLongEachTime) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(refused_for(limits_->attempt("k", 3, seconds(3600))), 0);
    EXPECT_EQ(refused_for(limits_->attempt("k", 3, seconds(3600))), 2);
    EXPECT_EQ(stored_count("k"), 3);  // a refusal is not counted
    now_ += seconds(2);
    EXPECT_EQ(refused_for(limits_->attempt("k", 3, seconds(3600))), 0);
    EXPECT_EQ(refused_for(limits_->attempt("k", 3, seconds(3600))), 4);
    now_ += seconds(4);
    EXPECT_EQ(refused_for(limits_->attempt("k", 3, seconds(3600))), 0);
    EXPECT_EQ(refused_for(limits_->attempt("k", 3, seconds(3600))), 8);
    EXPECT_EQ(refused_for(limits_->attempt("other", 3, seconds(3600))), 0);  // per key
}

TEST_F(RateLimitSchedule, AttemptWaitsAreCappedAtFifteenMinutesAndAQuietWindowForgets) {
    for (int i = 0; i < 40; ++i) {
        (void)limits_->attempt("k", 1, seconds(3600));
        now_ += seconds(15 * 60);
    }
    now_ -= seconds(15 * 60);
    EXPECT_EQ(refused_for(limits_->attempt("k", 1, seconds(3600))), 15 * 60);
    now_ += seconds(3601);  // a quiet window since the last one counted: free again
    EXPECT_EQ(refused_for(limits_->attempt("k", 1, seconds(3600))), 0);
    EXPECT_EQ(stored_count("k"), 1);
}

TEST_F(RateLimitSchedule, GuessesAreFreeUntilTheMissesAreUsedUpAndRightOnesCostNothing) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 0);  // right guesses
    }
    EXPECT_EQ(stored_count("g"), 0);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 0);
        limits_->fail("g");
    }
    EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 2);
    now_ += seconds(2);
    // One guess goes on, and starts the wait again whatever it finds: the next must wait.
    EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 0);
    EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 2);
    limits_->fail("g");  // it missed: the wait doubles
    EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 4);
    now_ += seconds(4 + 601);  // the wait and a quiet window after it: forgotten
    EXPECT_EQ(refused_for(limits_->may_guess("g", 2, seconds(600))), 0);
    EXPECT_EQ(stored_count("g"), 0);
}

TEST_F(RateLimitSchedule, TriesFollowTheSignInScheduleAndOneAtATimeOnceFailuresCost) {
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(refused_for(limits_->may_try("ip:x")), 0) << i;
        limits_->fail("ip:x");
    }
    EXPECT_EQ(refused_for(limits_->may_try("ip:x")), 2);  // 4 failures: 2 s
    EXPECT_EQ(limits_->wait("ip:x"), seconds(2));
    now_ += seconds(2);
    EXPECT_EQ(refused_for(limits_->may_try("ip:x")), 0);
    EXPECT_EQ(refused_for(limits_->may_try("ip:x")), 2);  // the one let through started it again
    limits_->clear("ip:x");                               // it was the right password
    EXPECT_EQ(refused_for(limits_->may_try("ip:x")), 0);
}

TEST(RateLimitRefusal, NamesAtLeastOneSecond) {
    EXPECT_EQ(rate_limited(seconds(0)).number, 1);
    EXPECT_EQ(rate_limited(seconds(7)).number, 7);
    EXPECT_EQ(rate_limited(seconds(7)).code, ErrorCode::kRateLimited);
}

}  // namespace cbe::service
