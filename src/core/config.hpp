// Server settings: defaults, overridden by environment variables, overridden by flags.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace cbe {

struct SmtpConfig {
    std::string host;  // empty: no email
    uint16_t port = 587;
    std::string from;  // the From address, "roadmap@example.org"
    // "starttls" (upgrade a plain connection, required), "tls" (TLS from the first byte, as on
    // port 465), or "none" (plain text: only for a relay on the same machine).
    std::string tls = "starttls";
    std::string user;      // empty: no authentication
    std::string password;  // from CBE_SMTP_PASSWORD or a file, never from a flag; never logged
    int timeout_seconds = 10;
};

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
    size_t results_cache_bytes = size_t{32} * 1024 * 1024;
    // Anyone may create an account (true), or accounts come only from `roadmap user add`.
    bool sign_up_open = true;
    // Mark cookies Secure: set when the site is served over TLS (directly or by a proxy).
    bool secure_cookies = false;
    // Open connections (docs/security.md, "Connections"). Near the cap, the connections that
    // have waited longest for a request header are closed to make room.
    size_t max_connections = 2048;
    // Connections one client address may hold at once, live-update streams not counted (they
    // have their own budget below) (0: no limit). At the limit the address's own oldest idle
    // kept-alive connection makes room.
    size_t max_connections_per_address = 256;
    size_t max_header_bytes = size_t{8} * 1024;
    size_t max_body_bytes = size_t{64} * 1024;
    int header_timeout_seconds = 10;
    int idle_timeout_seconds = 30;
    // Live updates (Server-Sent Events, docs/operations.md): a comment line on every open stream
    // this often, so proxies and browsers do not take a quiet stream for a dead one; and the
    // streams one process holds at once (0: none), past which a new one is answered 503. Streams
    // never take more than three quarters of max_connections, whatever this says: the rest is
    // kept for requests. Besides: streams of one team session, and of one client address (the
    // client behind a trusted proxy), each 0 for no limit; one participant link (or one
    // facilitator's board of one session) holds two, a newer one ending the oldest.
    int event_heartbeat_seconds = 15;
    size_t max_event_streams = 1536;
    size_t max_event_streams_per_session = 600;
    size_t max_event_streams_per_address = 512;
    // Per client address and hour, free of any wait: sign-ups (each costs a password hash) and
    // new anonymous assessments (docs/security.md). Past these, each waits twice as long.
    int sign_ups_per_address = 20;
    int new_assessments_per_address = 60;
    // Password hashes at once, and waiting for a place; past that, 503 at once.
    size_t hashing_concurrency = 1;
    size_t hashing_queue = 16;
    // Audit entries older than this many days are deleted by the hourly housekeeping (0: keep).
    int audit_retention_days = 365;
    // Team sessions open longer than this many days are closed by the hourly housekeeping: a
    // join code and its participants' links do not live for ever.
    int session_max_open_days = 30;
    // Where people reach the site ("https://roadmap.example.org"): the one source of absolute
    // links. Empty: built from the listen address. The Host header never goes into a link.
    std::string public_url;
    // GET /metrics answers loopback clients, and others that send this bearer token.
    std::string metrics_token;
    // Addresses of reverse proxies whose X-Forwarded-For is believed (e.g. 127.0.0.1 for nginx
    // on the same machine); from no one else.
    std::vector<std::string> trusted_proxies;
    // "text" (default) or "json": one JSON object a line, for log shippers.
    std::string log_format = "text";
    // Who may create an organization: anyone signed in (true), or only operators with
    // `roadmap org add` (false).
    bool organizations_by_anyone = true;
    // Email through an SMTP server (docs/operations.md, "Email"): password resets and emailed
    // invitations. An empty host turns email off.
    SmtpConfig smtp;
};

// The folders the server reads at run time when no flag or variable names them: the installed
// `share/cbe-roadmap` beside the binary's `bin/`, else the source tree a development build came
// from. An installed tree holds the USWDS files it serves under `uswds/`; a source tree under
// `node_modules/@uswds/uswds/dist`.
struct ShareLayout {
    std::string root;
    bool installed = false;
};
// `executable`: the running binary's path; `source_dir`: the checkout it was built from (may be
// empty or gone). Falls back to the working directory.
ShareLayout locate_share(const std::string& executable, const std::string& source_dir);
// Points content, templates, static files, USWDS assets and migrations at `layout`.
void apply_share(ServeConfig& config, const ShareLayout& layout);

// Parses "HOST:PORT" (IPv6 hosts in brackets: "[::1]:8080").
[[nodiscard]] Result<std::pair<std::string, uint16_t>> parse_listen(const std::string& value);

// Applies CBE_LISTEN, CBE_CONTENT, CBE_DATA, CBE_TEMPLATES, CBE_STATIC, CBE_USWDS, CBE_THREADS,
// CBE_MAX_CONNECTIONS, CBE_MAX_CONNECTIONS_PER_ADDRESS, CBE_MAX_EVENT_STREAMS,
// CBE_MAX_EVENT_STREAMS_PER_SESSION, CBE_MAX_EVENT_STREAMS_PER_ADDRESS,
// CBE_EVENT_HEARTBEAT_SECONDS,
// CBE_PUBLIC_URL, CBE_METRICS_TOKEN, CBE_LOG_FORMAT, CBE_SECURE_COOKIES and CBE_INVITATION_ONLY
// (0 or 1), CBE_ORG_CREATION (anyone or operators), CBE_SMTP_HOST, CBE_SMTP_PORT,
// CBE_SMTP_FROM, CBE_SMTP_TLS, CBE_SMTP_USER, CBE_SMTP_PASSWORD, CBE_SMTP_PASSWORD_FILE and
// CBE_SMTP_TIMEOUT_SECONDS from `getenv` (injected so tests need not
// touch the process environment).
[[nodiscard]] Result<void> apply_environment(ServeConfig& config,
                                             const std::function<const char*(const char*)>& getenv);

// Who may create organizations, from "anyone" or "operators".
[[nodiscard]] Result<bool> parse_org_creation(const std::string& value);
// Reads the SMTP password from `path` (its first line; the file should be readable by the
// service only). The error names the file, never its contents.
[[nodiscard]] Result<void> read_smtp_password_file(SmtpConfig& smtp, const std::string& path);
// Checks the SMTP settings together: a From address and a known TLS mode when a host is set.
[[nodiscard]] Result<void> check_smtp(const SmtpConfig& smtp);

// Checks a public URL ("http(s)://host[:port]", no path, query or credentials) and returns it
// without a trailing slash.
[[nodiscard]] Result<std::string> parse_public_url(const std::string& value);
// The base of absolute links: the public URL, or http://HOST:PORT of the listen address.
std::string public_base(const ServeConfig& config);
// True when the listen address is not a loopback one (127.0.0.0/8, ::1, localhost).
bool listens_beyond_loopback(const ServeConfig& config);

}  // namespace cbe
