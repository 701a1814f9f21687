// Runs the housekeeping (service/housekeeping.hpp) off the request threads: once at start, then
// every `period` (an hour in `roadmap serve`) until destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "service/housekeeping.hpp"

namespace cbe::cli {

class HousekeepingSchedule {
  public:
    HousekeepingSchedule(std::shared_ptr<const service::Housekeeping> housekeeping,
                         std::chrono::hours audit_retention,
                         std::chrono::milliseconds period = std::chrono::hours(1));
    // Stops the schedule; waits for a run in progress to finish.
    ~HousekeepingSchedule();
    HousekeepingSchedule(const HousekeepingSchedule&) = delete;
    HousekeepingSchedule& operator=(const HousekeepingSchedule&) = delete;

    // Runs completed so far.
    long long runs() const;

  private:
    std::shared_ptr<const service::Housekeeping> housekeeping_;
    std::chrono::hours audit_retention_;
    std::chrono::milliseconds period_;
    mutable std::mutex mutex_;
    std::condition_variable stop_;
    bool done_ = false;
    long long runs_ = 0;
    std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace cbe::cli
