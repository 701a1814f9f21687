#include "core/config.hpp"

#include <charconv>

namespace cbe {

Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& value) {
    auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) {
        return fail(ErrorCode::kInvalidInput,
                    "listen address must be HOST:PORT, got '" + value + "'");
    }
    std::string host = value.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    unsigned port = 0;
    const char* first = value.data() + colon + 1;
    const char* last = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(first, last, port);
    if (ec != std::errc() || ptr != last || port > 65535) {
        return fail(ErrorCode::kInvalidInput,
                    "port must be a number from 0 to 65535, got '" + value.substr(colon + 1) + "'");
    }
    return std::pair{host, static_cast<uint16_t>(port)};
}

Result<void> apply_environment(ServeConfig& config,
                               const std::function<const char*(const char*)>& getenv) {
    if (const char* listen = getenv("CBE_LISTEN")) {
        auto parsed = parse_listen(listen);
        if (!parsed) return fail(parsed.error().code, "CBE_LISTEN: " + parsed.error().message);
        config.host = parsed->first;
        config.port = parsed->second;
    }
    struct Setting {
        const char* name;
        std::string* target;
    };
    for (auto [name, target] :
         {Setting{"CBE_CONTENT", &config.content_dir}, Setting{"CBE_DATA", &config.data_dir},
          Setting{"CBE_TEMPLATES", &config.templates_dir},
          Setting{"CBE_STATIC", &config.static_dir}, Setting{"CBE_USWDS", &config.uswds_dir}}) {
        if (const char* value = getenv(name)) *target = value;
    }
    if (const char* threads = getenv("CBE_THREADS")) {
        int n = 0;
        std::string_view v(threads);
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || ptr != v.data() + v.size() || n < 1 || n > 256) {
            return fail(ErrorCode::kInvalidInput, "CBE_THREADS must be a number from 1 to 256");
        }
        config.threads = n;
    }
    return {};
}

}  // namespace cbe
