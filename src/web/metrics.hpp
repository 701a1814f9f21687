// Counters behind GET /metrics, in the Prometheus text exposition format: requests by route
// pattern and status, a latency histogram, open connections, plus gauges read at scrape time
// (database pool, rendered-results cache). Updated from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace cbe::web {

class Metrics {
  public:
    // Latency buckets, in seconds (the last is +Inf).
    static constexpr std::array<double, 11> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5};

    // `route` is a route pattern (bounded set), never a raw path: a client cannot grow the map.
    void record(std::string_view method, std::string_view route, int status,
                std::chrono::microseconds elapsed);
    void connection_opened() { ++open_connections_; }
    void connection_closed() { --open_connections_; }
    void stream_opened() { ++open_streams_; }
    void stream_closed() { --open_streams_; }
    // The connection and stream budgets at work (docs/security.md, "Connections").
    void connection_refused() { ++connections_refused_; }
    void connection_shed() { ++connections_shed_; }
    void stream_refused() { ++streams_refused_; }
    void stream_replaced() { ++streams_replaced_; }

    // Read at scrape time from their owners.
    struct Gauges {
        size_t db_pool_size = 0;
        uint64_t db_leases = 0;
        uint64_t db_waits = 0;
        uint64_t db_timeouts = 0;
        uint64_t db_settled = 0;
        uint64_t db_replaced = 0;
        uint64_t cache_hits = 0;
        uint64_t cache_misses = 0;
        size_t cache_bytes = 0;
        bool has_database = false;
        bool has_cache = false;
    };
    std::string render(const Gauges& gauges) const;

  private:
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};
    std::atomic<uint64_t> count_{0};
    std::atomic<uint64_t> sum_micros_{0};
    std::atomic<int64_t> open_connections_{0};
    std::atomic<int64_t> open_streams_{0};
    std::atomic<uint64_t> connections_refused_{0};
    std::atomic<uint64_t> connections_shed_{0};
    std::atomic<uint64_t> streams_refused_{0};
    std::atomic<uint64_t> streams_replaced_{0};
};

}  // namespace cbe::web
