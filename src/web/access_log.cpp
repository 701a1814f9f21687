#include "web/access_log.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/text.hpp"

namespace cbe::web {

namespace {
std::atomic<bool> json_lines{false};
}

bool is_secret_parameter(std::string_view name) {
    return name == "token" || name == "invitation" || name == "share" || name == "code" ||
           name == "participant" || name == "reset";
}

std::string loggable_path(const Request& request) {
    if (request.route.empty()) return "(unmatched)";
    if (request.route == "/assets/*") return request.path;
    std::string out;
    for (auto segment : text::split(request.route, '/')) {
        if (segment.empty()) continue;
        out += '/';
        if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
            std::string name(segment.substr(1, segment.size() - 2));
            auto it = request.params.find(name);
            if (!is_secret_parameter(name) && it != request.params.end()) {
                out += it->second;
                continue;
            }
        }
        out += segment;
    }
    return out.empty() ? "/" : out;
}

void set_access_log_json(bool json) { json_lines = json; }

std::string format_access(const AccessEntry& e, bool json) {
    if (!json) {
        return std::string(e.method) + " " + e.path + " #" + e.tag + " " +
               std::to_string(e.status) + " " + std::to_string(e.bytes) + " " +
               std::to_string(e.micros) + "us";
    }
    // Fields only: the JSON logger's pattern wraps them with time and level.
    return "\"type\":\"access\",\"method\":" +
           boost::json::serialize(boost::json::string(e.method)) +
           ",\"path\":" + boost::json::serialize(boost::json::string(e.path)) + ",\"tag\":\"" +
           e.tag + "\",\"status\":" + std::to_string(e.status) +
           ",\"bytes\":" + std::to_string(e.bytes) + ",\"micros\":" + std::to_string(e.micros);
}

void log_access(const AccessEntry& entry) {
    bool json = json_lines;
    auto logger = json ? spdlog::get("access") : nullptr;
    if (json && logger) {
        logger->info("{}", format_access(entry, true));
    } else {
        spdlog::info("{}", format_access(entry, false));
    }
}

}  // namespace cbe::web
