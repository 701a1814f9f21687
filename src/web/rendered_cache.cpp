#include "web/rendered_cache.hpp"

namespace cbe::web {

std::shared_ptr<const std::string> RenderedCache::get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
}

void RenderedCache::put(const std::string& key, std::shared_ptr<const std::string> body) {
    if (!body || body->size() > max_bytes_) return;
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
        bytes_ -= it->second->second->size();
        order_.erase(it->second);
        index_.erase(it);
    }
    bytes_ += body->size();
    order_.emplace_front(key, std::move(body));
    index_[key] = order_.begin();
    while (bytes_ > max_bytes_ && !order_.empty()) {
        bytes_ -= order_.back().second->size();
        index_.erase(order_.back().first);
        order_.pop_back();
    }
}

size_t RenderedCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace cbe::web
