// Server settings: defaults, overridden by environment variables, overridden by flags.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace cbe {

struct ServeConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;
    std::string content_dir = "content";
    std::string data_dir = "var";
    std::string templates_dir = "templates";
    std::string static_dir = "static";
    // Compiled USWDS assets (npm package @uswds/uswds), mounted under the static tree as uswds/.
    std::string uswds_dir = "node_modules/@uswds/uswds/dist";
    std::string migrations_dir = "migrations/sqlite";
    int threads = 2;
    // Database sessions, and the threads that run blocking (database) handlers.
    size_t database_pool = 4;
    // Memory for rendered results pages, reused until the assessment changes (0: off).
    size_t results_cache_bytes = 32 * 1024 * 1024;
    // Anyone may create an account (true), or accounts come only from `roadmap user add`.
    bool sign_up_open = true;
    // Mark cookies Secure: set when the site is served over TLS (directly or by a proxy).
    bool secure_cookies = false;
    size_t max_connections = 2048;
    size_t max_header_bytes = 8 * 1024;
    size_t max_body_bytes = 64 * 1024;
    int header_timeout_seconds = 10;
    int idle_timeout_seconds = 30;
};

// Parses "HOST:PORT" (IPv6 hosts in brackets: "[::1]:8080").
Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& value);

// Applies CBE_LISTEN, CBE_CONTENT, CBE_DATA, CBE_TEMPLATES, CBE_STATIC, CBE_USWDS, CBE_THREADS
// from `getenv` (injected so tests need not touch the process environment).
Result<void> apply_environment(ServeConfig& config,
                               const std::function<const char*(const char*)>& getenv);

}  // namespace cbe
