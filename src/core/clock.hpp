// Time, injected so tests can fix it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace cbe {

using Clock = std::function<std::chrono::system_clock::time_point()>;

inline Clock system_clock() {
    return [] { return std::chrono::system_clock::now(); };
}

// "2026-11-22T14:03:05Z"
std::string iso8601(std::chrono::system_clock::time_point t);
// The inverse of iso8601(); nullopt when `text` is not in that form.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text);

}  // namespace cbe
