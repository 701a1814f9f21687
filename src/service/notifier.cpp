#include "service/notifier.hpp"

#include <vector>

namespace cbe::service {

void InProcessNotifier::publish(const std::string& topic, int64_t version) {
    std::vector<Listener> listeners;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subscriptions_) {
            if (s.topic == topic) listeners.push_back(s.listener);
        }
    }
    // Called outside the lock, so a listener may subscribe or unsubscribe.
    for (const auto& listener : listeners) listener(topic, version);
}

uint64_t InProcessNotifier::subscribe(const std::string& topic, Listener listener) {
    std::lock_guard lock(mutex_);
    uint64_t id = next_++;
    subscriptions_[id] = {topic, std::move(listener)};
    return id;
}

void InProcessNotifier::unsubscribe(uint64_t id) {
    std::lock_guard lock(mutex_);
    subscriptions_.erase(id);
}

}  // namespace cbe::service
