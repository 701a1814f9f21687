#include "web/metrics.hpp"

#include <sstream>

namespace cbe::web {

namespace {

std::string label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

void counter(std::ostringstream& out, const char* name, const char* help, uint64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n"
        << name << " " << value << "\n";
}

void gauge(std::ostringstream& out, const char* name, const char* help, int64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n"
        << name << " " << value << "\n";
}

}  // namespace

void Metrics::record(std::string_view method, std::string_view route, int status,
                     std::chrono::microseconds elapsed) {
    double seconds = static_cast<double>(elapsed.count()) / 1e6;
    size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
    ++buckets_[bucket];
    ++count_;
    sum_micros_ += static_cast<uint64_t>(elapsed.count());
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(method), std::string(route), status}];
}

std::string Metrics::render(const Gauges& g) const {
    std::ostringstream out;
    out << "# HELP roadmap_http_requests_total HTTP requests answered, by method, route pattern "
           "and status.\n# TYPE roadmap_http_requests_total counter\n";
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, value] : requests_) {
            const auto& [method, route, status] = key;
            out << "roadmap_http_requests_total{method=\"" << label(method) << "\",route=\""
                << label(route) << "\",status=\"" << status << "\"} " << value << "\n";
        }
    }
    out << "# HELP roadmap_http_request_duration_seconds Time from a complete request to its "
           "answer being written.\n# TYPE roadmap_http_request_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= kBuckets.size(); ++i) {
        cumulative += buckets_[i];
        out << "roadmap_http_request_duration_seconds_bucket{le=\"";
        if (i < kBuckets.size()) {
            out << kBuckets[i];
        } else {
            out << "+Inf";
        }
        out << "\"} " << cumulative << "\n";
    }
    out << "roadmap_http_request_duration_seconds_sum " << static_cast<double>(sum_micros_) / 1e6
        << "\nroadmap_http_request_duration_seconds_count " << count_ << "\n";
    gauge(out, "roadmap_open_connections", "Client connections open now.", open_connections_);
    gauge(out, "roadmap_open_event_streams", "Server-sent event streams held open now.",
          open_streams_);
    counter(out, "roadmap_connections_refused_total",
            "New connections closed at once: their address, or the server, was at its limit.",
            connections_refused_);
    counter(out, "roadmap_connections_shed_total",
            "Connections waiting for a request that were closed to make room for a new one.",
            connections_shed_);
    counter(out, "roadmap_event_streams_refused_total",
            "Live-update streams answered 503: the server, the session or the client address "
            "held its limit.",
            streams_refused_);
    counter(out, "roadmap_event_streams_replaced_total",
            "Live-update streams ended because their holder opened a newer one past its two.",
            streams_replaced_);
    if (g.has_database) {
        gauge(out, "roadmap_db_pool_size", "Database sessions in the pool.",
              static_cast<int64_t>(g.db_pool_size));
        counter(out, "roadmap_db_pool_leases_total", "Database sessions leased.", g.db_leases);
        counter(out, "roadmap_db_pool_waits_total",
                "Leases that had to wait because every session was busy.", g.db_waits);
        counter(out, "roadmap_db_pool_timeouts_total",
                "Leases that gave up waiting (answered 503).", g.db_timeouts);
        counter(out, "roadmap_db_pool_settled_total",
                "Sessions that came back with a statement or transaction left open after an "
                "error, and were reset.",
                g.db_settled);
        counter(out, "roadmap_db_pool_replaced_total",
                "Sessions that could not be reset and were replaced by a new connection.",
                g.db_replaced);
    }
    if (g.has_cache) {
        counter(out, "roadmap_results_cache_hits_total", "Results pages served from memory.",
                g.cache_hits);
        counter(out, "roadmap_results_cache_misses_total", "Results pages rendered anew.",
                g.cache_misses);
        gauge(out, "roadmap_results_cache_bytes", "Memory held by rendered results pages.",
              static_cast<int64_t>(g.cache_bytes));
    }
    return out.str();
}

}  // namespace cbe::web
