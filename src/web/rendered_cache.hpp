// Rendered pages kept in memory by key, least recently used dropped first, within a byte
// budget. Keys must name everything the page depends on (e.g. an assessment's revision).
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cbe::web {

class RenderedCache {
  public:
    explicit RenderedCache(size_t max_bytes) : max_bytes_(max_bytes) {}

    std::shared_ptr<const std::string> get(const std::string& key);
    void put(const std::string& key, std::shared_ptr<const std::string> body);
    size_t bytes() const;
    uint64_t hits() const { return hits_; }
    uint64_t misses() const { return misses_; }

  private:
    using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;
    size_t max_bytes_;
    size_t bytes_ = 0;
    std::atomic<uint64_t> hits_{0};
    std::atomic<uint64_t> misses_{0};
    mutable std::mutex mutex_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace cbe::web
