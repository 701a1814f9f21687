#include "cli/logging.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/text.hpp"
#include "web/access_log.hpp"

namespace cbe::cli {

namespace {

constexpr size_t kQueuedLines = 8192;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// "2026-11-27T09:00:00.123456Z"
std::string utc_time(std::chrono::system_clock::time_point at) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[40];
    size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(buffer + n, sizeof buffer - n, ".%06lldZ",
                  static_cast<long long>(micros % 1000000));
    return buffer;
}

// Valid UTF-8: a byte that does not start a whole, valid character becomes U+FFFD.
std::string valid_utf8(std::string_view text) {
    if (text::is_valid_utf8(text)) return std::string(text);
    std::string out;
    for (size_t i = 0; i < text.size();) {
        auto lead = static_cast<unsigned char>(text[i]);
        size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        std::string_view character = text.substr(i, len);
        if (character.size() == len && text::is_valid_utf8(character)) {
            out.append(character);
            i += len;
        } else {
            out.append(kReplacement);
            ++i;
        }
    }
    return out;
}

void append(spdlog::memory_buf_t& dest, std::string_view text) {
    dest.append(text.data(), text.data() + text.size());
}

}  // namespace

std::string json_string(std::string_view text) {
    return boost::json::serialize(boost::json::string(valid_utf8(text)));
}

void JsonLineFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
    append(dest, R"({"time":")");
    append(dest, utc_time(msg.time));
    append(dest, R"(","level":")");
    auto level = spdlog::level::to_string_view(msg.level);
    append(dest, std::string_view(level.data(), level.size()));
    append(dest, "\",");
    std::string_view payload(msg.payload.data(), msg.payload.size());
    if (body_ == Body::kFields) {
        append(dest, payload);
    } else {
        append(dest, "\"message\":");
        append(dest, json_string(payload));
    }
    append(dest, "}\n");
}

std::unique_ptr<spdlog::formatter> JsonLineFormatter::clone() const {
    return std::make_unique<JsonLineFormatter>(body_);
}

Logging::Logging(const std::string& format) {
    // Access logs at tens of thousands of lines a second must not block the I/O threads.
    spdlog::init_thread_pool(kQueuedLines, 1);
    // One sink per logger: a formatter belongs to a sink. stdout sinks share one lock, so lines
    // of the two loggers never interleave.
    auto make = [](const std::string& name) {
        return std::make_shared<spdlog::async_logger>(
            name, std::make_shared<spdlog::sinks::stdout_sink_mt>(), spdlog::thread_pool(),
            spdlog::async_overflow_policy::overrun_oldest);
    };
    auto logger = make("roadmap");
    if (format == "json") {
        logger->set_formatter(
            std::make_unique<JsonLineFormatter>(JsonLineFormatter::Body::kMessage));
        auto access = make("access");
        access->set_formatter(
            std::make_unique<JsonLineFormatter>(JsonLineFormatter::Body::kFields));
        spdlog::register_logger(access);
        web::set_access_log_json(true);
    }
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
}

Logging::~Logging() { spdlog::shutdown(); }

}  // namespace cbe::cli
