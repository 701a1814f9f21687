#include "core/clock.hpp"

#include <ctime>

namespace cbe {

std::string iso8601(std::chrono::system_clock::time_point t) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    // system_clock counts nanoseconds in 64 bits: beyond 2262 it would overflow.
    if (tm.tm_year + 1900 < 1970 || tm.tm_year + 1900 > 2200) return std::nullopt;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace cbe
