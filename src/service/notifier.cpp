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
    Listener ended;  // let go after the lock
    std::lock_guard lock(mutex_);
    uint64_t id = next_++;
    if (ended_.contains(topic)) {
        ended = std::move(listener);
    } else {
        subscriptions_[id] = {topic, std::move(listener)};
    }
    return id;
}

void InProcessNotifier::unsubscribe(uint64_t id) {
    std::lock_guard lock(mutex_);
    subscriptions_.erase(id);
}

void InProcessNotifier::end(const std::string& topic) {
    std::vector<Listener> ended;  // let go after the lock: a listener may call back
    std::lock_guard lock(mutex_);
    for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
        if (it->second.topic == topic) {
            ended.push_back(std::move(it->second.listener));
            it = subscriptions_.erase(it);
        } else {
            ++it;
        }
    }
    if (ended_.insert(topic).second) {
        ended_order_.push_back(topic);
        if (ended_order_.size() > kEndedKept) {
            ended_.erase(ended_order_.front());
            ended_order_.pop_front();
        }
    }
}

}  // namespace cbe::service
