#include "web/access_log.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/text.hpp"

namespace cbe::web {

namespace {
std::atomic<bool> json_lines{false};

// Longest value of one parameter (or asset path) written to the log.
constexpr size_t kMaxLoggedValue = 160;

// Appends `value` (decoded from the address, so it may hold anything a client typed) as it
// would be typed: control characters, spaces and '%' percent-encoded, so that a "%0A" in an
// address cannot start a forged line, nor a space shift the fields of a text line.
void append_loggable(std::string& out, std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    if (value.size() > kMaxLoggedValue) value = value.substr(0, kMaxLoggedValue);
    for (char c : value) {
        auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f || c == '%') {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        } else {
            out += c;
        }
    }
}
}  // namespace

bool is_secret_parameter(std::string_view name) {
    // An allow-list: content ids and row numbers are written out; every other parameter (private
    // links, invitation, share, participant and reset tokens, and any route added later) is not.
    return !(name == "id" || name == "element" || name == "assessment" || name == "user" ||
             name == "session" || name == "action" || name == "link");
}

std::string loggable_path(const Request& request) {
    if (request.route.empty()) return "(unmatched)";
    std::string out;
    if (request.route == "/assets/*") {
        append_loggable(out, request.path);
        return out;
    }
    for (auto segment : text::split(request.route, '/')) {
        if (segment.empty()) continue;
        out += '/';
        if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
            std::string name(segment.substr(1, segment.size() - 2));
            auto it = request.params.find(name);
            if (!is_secret_parameter(name) && it != request.params.end()) {
                append_loggable(out, it->second);
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
