// Live updates after a commit: a use case publishes {topic, version} once its change is
// committed; subscribers (the server's event streams) fetch the current state themselves. In
// one process this is in memory; across processes a PostgreSQL LISTEN/NOTIFY implementation
// will sit behind the same interface.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace cbe::service {

class Notifier {
  public:
    using Listener = std::function<void(const std::string& topic, int64_t version)>;
    virtual ~Notifier() = default;
    virtual void publish(const std::string& topic, int64_t version) = 0;
    // Returns an id for unsubscribe(). Listeners run on the publishing thread: keep them short.
    virtual uint64_t subscribe(const std::string& topic, Listener listener) = 0;
    virtual void unsubscribe(uint64_t id) = 0;
};

class InProcessNotifier : public Notifier {
  public:
    void publish(const std::string& topic, int64_t version) override;
    uint64_t subscribe(const std::string& topic, Listener listener) override;
    void unsubscribe(uint64_t id) override;

  private:
    struct Subscription {
        std::string topic;
        Listener listener;
    };
    std::mutex mutex_;
    uint64_t next_ = 1;
    std::map<uint64_t, Subscription> subscriptions_;
};

}  // namespace cbe::service
