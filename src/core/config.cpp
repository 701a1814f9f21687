#include "core/config.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <tuple>

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

ShareLayout locate_share(const std::string& executable, const std::string& source_dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // bin/roadmap -> share/cbe-roadmap, the layout `cmake --install` and the .deb make.
    fs::path installed = fs::path(executable).parent_path().parent_path() / "share" / "cbe-roadmap";
    if (!executable.empty() && fs::is_directory(installed / "templates", ec)) {
        return {installed.lexically_normal().string(), true};
    }
    if (!source_dir.empty() && fs::is_directory(fs::path(source_dir) / "templates", ec)) {
        return {source_dir, false};
    }
    return {".", false};
}

void apply_share(ServeConfig& config, const ShareLayout& layout) {
    namespace fs = std::filesystem;
    const fs::path root(layout.root);
    config.content_dir = (root / "content").string();
    config.templates_dir = (root / "templates").string();
    config.static_dir = (root / "static").string();
    config.uswds_dir =
        (layout.installed ? root / "uswds" : root / "node_modules/@uswds/uswds/dist").string();
    config.migrations_dir = (root / "migrations/sqlite").string();
}

Result<std::string> parse_public_url(const std::string& value) {
    std::string url = value;
    while (!url.empty() && url.back() == '/') url.pop_back();
    size_t scheme_end = url.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
    std::string authority = scheme_end == std::string::npos ? "" : url.substr(scheme_end + 3);
    bool bad_scheme = scheme != "http" && scheme != "https";
    bool bad_authority =
        authority.empty() || authority.find_first_of("/?#@ \t") != std::string::npos;
    if (bad_scheme || bad_authority) {
        return fail(ErrorCode::kInvalidInput,
                    "public URL must look like https://roadmap.example.org (scheme and host, "
                    "optional port, no path), got '" +
                        value + "'");
    }
    return url;
}

std::string public_base(const ServeConfig& config) {
    if (!config.public_url.empty()) return config.public_url;
    std::string host =
        config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    return "http://" + host + ":" + std::to_string(config.port);
}

bool listens_beyond_loopback(const ServeConfig& config) {
    const std::string& h = config.host;
    return !(h.rfind("127.", 0) == 0 || h == "::1" || h == "localhost");
}

Result<bool> parse_org_creation(const std::string& value) {
    if (value == "anyone") return true;
    if (value == "operators") return false;
    return fail(ErrorCode::kInvalidInput,
                "organization creation must be anyone or operators, got '" + value + "'");
}

Result<void> read_smtp_password_file(SmtpConfig& smtp, const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) {
        return fail(ErrorCode::kInvalidInput, "cannot read the SMTP password file " + path);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    smtp.password = line;
    return {};
}

Result<void> check_smtp(const SmtpConfig& smtp) {
    if (smtp.host.empty()) return {};
    if (smtp.tls != "starttls" && smtp.tls != "tls" && smtp.tls != "none") {
        return fail(ErrorCode::kInvalidInput,
                    "SMTP TLS mode must be starttls, tls or none, got '" + smtp.tls + "'");
    }
    if (smtp.from.find('@') == std::string::npos ||
        smtp.from.find_first_of("<>\r\n\t ,") != std::string::npos) {
        return fail(
            ErrorCode::kInvalidInput,
            "the SMTP From address must look like roadmap@example.org, got '" + smtp.from + "'");
    }
    if (smtp.host.find_first_of("/@ \t\r\n") != std::string::npos) {
        return fail(ErrorCode::kInvalidInput, "the SMTP host must be a host name or address");
    }
    if (smtp.port == 0) return fail(ErrorCode::kInvalidInput, "the SMTP port must not be 0");
    if (smtp.timeout_seconds < 1 || smtp.timeout_seconds > 300) {
        return fail(ErrorCode::kInvalidInput, "the SMTP time limit must be 1 to 300 seconds");
    }
    return {};
}

namespace {

// Applies the email settings from the environment (see apply_environment).
Result<void> apply_smtp_environment(SmtpConfig& smtp,
                                    const std::function<const char*(const char*)>& getenv) {
    for (auto [name, target] :
         {std::pair{"CBE_SMTP_HOST", &smtp.host}, std::pair{"CBE_SMTP_FROM", &smtp.from},
          std::pair{"CBE_SMTP_TLS", &smtp.tls}, std::pair{"CBE_SMTP_USER", &smtp.user},
          std::pair{"CBE_SMTP_PASSWORD", &smtp.password}}) {
        if (const char* value = getenv(name)) *target = value;
    }
    if (const char* file = getenv("CBE_SMTP_PASSWORD_FILE")) {
        if (auto read = read_smtp_password_file(smtp, file); !read) return read;
    }
    for (auto [name, least, most] :
         {std::tuple{"CBE_SMTP_PORT", 1, 65535}, std::tuple{"CBE_SMTP_TIMEOUT_SECONDS", 1, 300}}) {
        const char* value = getenv(name);
        if (!value) continue;
        int n = 0;
        std::string_view v(value);
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || ptr != v.data() + v.size() || n < least || n > most) {
            return fail(ErrorCode::kInvalidInput, std::string(name) + " must be a number from " +
                                                      std::to_string(least) + " to " +
                                                      std::to_string(most));
        }
        if (std::string_view(name) == "CBE_SMTP_PORT") {
            smtp.port = static_cast<uint16_t>(n);
        } else {
            smtp.timeout_seconds = n;
        }
    }
    return {};
}

}  // namespace

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
    for (auto [name, target, least] :
         {std::tuple{"CBE_MAX_CONNECTIONS", &config.max_connections, size_t{1}},
          std::tuple{"CBE_MAX_CONNECTIONS_PER_ADDRESS", &config.max_connections_per_address,
                     size_t{0}},
          std::tuple{"CBE_MAX_EVENT_STREAMS", &config.max_event_streams, size_t{0}},
          std::tuple{"CBE_MAX_EVENT_STREAMS_PER_SESSION", &config.max_event_streams_per_session,
                     size_t{0}},
          std::tuple{"CBE_MAX_EVENT_STREAMS_PER_ADDRESS", &config.max_event_streams_per_address,
                     size_t{0}}}) {
        const char* value = getenv(name);
        if (!value) continue;
        size_t n = 0;
        std::string_view v(value);
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || ptr != v.data() + v.size() || n < least || n > 1000000) {
            return fail(ErrorCode::kInvalidInput, std::string(name) + " must be a number from " +
                                                      std::to_string(least) + " to 1000000");
        }
        *target = n;
    }
    if (const char* heartbeat = getenv("CBE_EVENT_HEARTBEAT_SECONDS")) {
        int n = 0;
        std::string_view v(heartbeat);
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || ptr != v.data() + v.size() || n < 1 || n > 3600) {
            return fail(ErrorCode::kInvalidInput,
                        "CBE_EVENT_HEARTBEAT_SECONDS must be a number from 1 to 3600");
        }
        config.event_heartbeat_seconds = n;
    }
    if (const char* url = getenv("CBE_PUBLIC_URL")) {
        auto parsed = parse_public_url(url);
        if (!parsed) return fail(parsed.error().code, "CBE_PUBLIC_URL: " + parsed.error().message);
        config.public_url = *parsed;
    }
    if (const char* token = getenv("CBE_METRICS_TOKEN")) config.metrics_token = token;
    if (const char* proxies = getenv("CBE_TRUSTED_PROXY")) {
        config.trusted_proxies.clear();
        std::string list(proxies);
        for (size_t start = 0; start <= list.size();) {
            size_t comma = std::min(list.find(',', start), list.size());
            std::string one = list.substr(start, comma - start);
            if (!one.empty()) config.trusted_proxies.push_back(one);
            start = comma + 1;
        }
    }
    for (auto [name, target, when_on] :
         {std::tuple{"CBE_SECURE_COOKIES", &config.secure_cookies, true},
          std::tuple{"CBE_INVITATION_ONLY", &config.sign_up_open, false}}) {
        const char* value = getenv(name);
        if (!value) continue;
        std::string v(value);
        if (v != "0" && v != "1")
            return fail(ErrorCode::kInvalidInput, std::string(name) + " must be 0 or 1");
        *target = (v == "1") == when_on;
    }
    if (const char* format = getenv("CBE_LOG_FORMAT")) {
        std::string f(format);
        if (f != "text" && f != "json") {
            return fail(ErrorCode::kInvalidInput, "CBE_LOG_FORMAT must be text or json");
        }
        config.log_format = f;
    }
    if (const char* creation = getenv("CBE_ORG_CREATION")) {
        auto parsed = parse_org_creation(creation);
        if (!parsed)
            return fail(parsed.error().code, "CBE_ORG_CREATION: " + parsed.error().message);
        config.organizations_by_anyone = *parsed;
    }
    return apply_smtp_environment(config.smtp, getenv);
}

}  // namespace cbe
