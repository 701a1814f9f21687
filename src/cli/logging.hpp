// The server's log: spdlog on a background thread, as text or one JSON object a line
// (--log-format json), and the order in which it stops.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>
#include <string_view>

namespace cbe::cli {

// A JSON object a line: {"time":…,"level":…, then either "message":<the text, escaped> or, for
// the access log whose messages are JSON fields already (web/access_log.cpp), those fields}.
// Every logger has its own (spdlog keeps a formatter per sink, so loggers sharing a sink would
// share one formatter: the access log's would write other lines unescaped).
class JsonLineFormatter final : public spdlog::formatter {
  public:
    enum class Body { kMessage, kFields };
    explicit JsonLineFormatter(Body body) : body_(body) {}
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
    [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override;

  private:
    Body body_;
};

// `text` as a JSON string literal; bytes that are not UTF-8 become U+FFFD, so a path or a
// message quoting bad input still makes a line that parses.
std::string json_string(std::string_view text);

// Logging for `roadmap serve` ("text" or "json"), until the Logging object ends: it is made
// first in serve() and so ends last, after every thread that might still log (the mail outbox,
// housekeeping, the server) has stopped — a line logged after spdlog stops would crash.
class Logging {
  public:
    explicit Logging(const std::string& format);
    ~Logging();
    Logging(const Logging&) = delete;
    Logging& operator=(const Logging&) = delete;
};

}  // namespace cbe::cli
