// Live updates after a commit: a use case publishes {topic, version} once its change is
// committed; subscribers (the server's event streams) fetch the current state themselves. In
// one process this is in memory; across processes a PostgreSQL LISTEN/NOTIFY implementation
// will sit behind the same interface.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
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
    // No more versions of `topic` will come (a team session closed or was deleted): lets go of
    // its listeners, and of any that subscribe to it later, as if the notifier were gone. Call
    // after the last publish.
    virtual void end(const std::string& topic) = 0;
};

class InProcessNotifier : public Notifier {
  public:
    void publish(const std::string& topic, int64_t version) override;
    uint64_t subscribe(const std::string& topic, Listener listener) override;
    void unsubscribe(uint64_t id) override;
    void end(const std::string& topic) override;

  private:
    // The newest ended topics, so a subscription that races an end still ends (a stream opened
    // while its session closes); older ones are forgotten (pages of ended topics open none).
    static constexpr size_t kEndedKept = 1024;
    struct Subscription {
        std::string topic;
        Listener listener;
    };
    std::mutex mutex_;
    uint64_t next_ = 1;
    std::map<uint64_t, Subscription> subscriptions_;
    std::set<std::string> ended_;
    std::deque<std::string> ended_order_;
};

}  // namespace cbe::service
