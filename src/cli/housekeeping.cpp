#include "cli/housekeeping.hpp"

namespace cbe::cli {

HousekeepingSchedule::HousekeepingSchedule(
    std::shared_ptr<const service::Housekeeping> housekeeping, std::chrono::hours audit_retention,
    std::chrono::milliseconds period)
    : housekeeping_(std::move(housekeeping)),
      audit_retention_(audit_retention),
      period_(period),
      thread_([this] {
          std::unique_lock lock(mutex_);
          do {
              lock.unlock();
              housekeeping_->run(audit_retention_);
              lock.lock();
              ++runs_;
          } while (!stop_.wait_for(lock, period_, [this] { return done_; }));
      }) {}

HousekeepingSchedule::~HousekeepingSchedule() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    stop_.notify_all();
    thread_.join();
}

long long HousekeepingSchedule::runs() const {
    std::lock_guard lock(mutex_);
    return runs_;
}

}  // namespace cbe::cli
