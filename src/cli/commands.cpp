#include "cli/commands.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/compose.hpp"
#include "cli/content_stats.hpp"
#include "cli/demo_seed.hpp"
#include "cli/housekeeping.hpp"
#include "cli/logging.hpp"
#include "cli/org_commands.hpp"
#include "cli/user_commands.hpp"
#include "content/loader.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/server.hpp"
#include "web/site.hpp"

namespace cbe::cli {

namespace {

// Prints every problem as file:line: message; true when the content is valid.
bool report_problems(const std::string& dir, const content::LoadResult& loaded) {
    for (const auto& problem : loaded.problems) {
        std::cerr << (std::filesystem::path(dir) / problem.file).string() << ":" << problem.line
                  << ": " << problem.message << "\n";
    }
    return loaded.problems.empty();
}

int content_check(const std::string& dir, bool stats) {
    auto loaded = content::load_content(dir);
    if (!report_problems(dir, loaded)) {
        std::cerr << loaded.problems.size() << " problem(s) in " << dir << "\n";
        return 1;
    }
    if (stats) {
        std::cout << content_stats_json(*loaded.roadmap) << "\n";
    } else {
        std::cout << dir << ": content " << loaded.roadmap->version << " is valid ("
                  << loaded.roadmap->elements.size() << " elements)\n";
    }
    return 0;
}

std::string database_path(const ServeConfig& config) {
    return store::database_file(config.data_dir);
}

Result<std::shared_ptr<store::Database>> open_database(const ServeConfig& config) {
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec)
        return fail(ErrorCode::kUnavailable,
                    "cannot create " + config.data_dir + ": " + ec.message());
    return store::Database::open_sqlite(database_path(config), config.database_pool);
}

int migrate(const ServeConfig& config) {
    auto db = open_database(config);
    if (!db) {
        std::cerr << "roadmap migrate: " << db.error().message << "\n";
        return 1;
    }
    auto before = store::schema_version(**db);
    auto after = store::migrate(**db, config.migrations_dir);
    if (!before || !after) {
        std::cerr << "roadmap migrate: " << (!before ? before.error() : after.error()).message
                  << "\n";
        return 1;
    }
    std::cout << database_path(config) << ": schema version " << *before << " -> " << *after
              << "\n";
    return 0;
}

int refuse_to_start(const std::string& message) {
    spdlog::critical("refusing to start: {}", message);
    return 1;
}

int serve(ServeConfig config) {
    auto started = std::chrono::steady_clock::now();
    // First, so it ends last: nothing below may log after it (cli/logging.hpp).
    Logging logging(config.log_format);
    auto loaded = content::load_content(config.content_dir);
    if (!report_problems(config.content_dir, loaded)) {
        return refuse_to_start(std::to_string(loaded.problems.size()) + " content problem(s)");
    }
    auto db = open_database(config);
    auto schema = db ? store::check_schema(**db) : Result<void>(tl::unexpected(db.error()));
    if (!schema) return refuse_to_start(database_path(config) + ": " + schema.error().message);
    auto lock =
        store::DataFolderLock::acquire(config.data_dir, store::DataFolderLock::Mode::kShared);
    if (!lock) return refuse_to_start(lock.error().message);
    Parts parts(loaded.roadmap, *db);
    auto built = build(config, parts);
    if (!built) return refuse_to_start(built.error().message);
    // build() made the notifier with the services; the server's event streams subscribe to it.
    if (!parts.notifier) parts.notifier = std::make_shared<service::InProcessNotifier>();
    web::Server server(config, built->site, parts.metrics, parts.notifier);
    auto port = server.listen();
    if (!port) return refuse_to_start(port.error().message);
    if (config.port == 0 && config.public_url.empty()) {
        // Links are built from the listen address: with a port the system chose, rebuild the
        // site with the real one before anyone is served.
        config.port = *port;
        auto rebuilt = build(config, parts);
        if (!rebuilt) return refuse_to_start(rebuilt.error().message);
        server.replace_site(rebuilt->site);
    }
    server.on_hangup([&config, &parts, &server] { (void)reload_content(config, parts, server); });
    // Hourly, off the I/O threads: what has expired is deleted (docs/security.md). Stops with
    // the server.
    HousekeepingSchedule housekeeping(built->services.housekeeping,
                                      std::chrono::hours(24) * config.audit_retention_days);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    std::string host =
        config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    if (listens_beyond_loopback(config) && config.public_url.empty()) {
        spdlog::warn(
            "listening on {} without --public-url: links in invitations and pages will use "
            "http://{}:{}; set --public-url (or CBE_PUBLIC_URL) to the address people use",
            config.host, host, *port);
    }
    spdlog::info("CBE Roadmap (content {}) ready in {} ms at http://{}:{}/",
                 loaded.roadmap->version, ms, host, *port);
    spdlog::default_logger()->flush();
    server.run(true);
    spdlog::info("stopped");
    return 0;
}

int backup(const ServeConfig& config, const std::string& file) {
    if (auto ok = store::backup_database(database_path(config), file); !ok) {
        std::cerr << "roadmap backup: " << ok.error().message << "\n";
        return 1;
    }
    std::cout << database_path(config) << " copied to " << file << "\n";
    return 0;
}

int restore(const ServeConfig& config, const std::string& file) {
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    auto lock =
        store::DataFolderLock::acquire(config.data_dir, store::DataFolderLock::Mode::kExclusive);
    if (!lock) {
        std::cerr << "roadmap restore: " << lock.error().message << "\n";
        return 1;
    }
    auto version = store::restore_database(file, database_path(config), config.migrations_dir);
    if (!version) {
        std::cerr << "roadmap restore: " << version.error().message
                  << "; the database is unchanged\n";
        return 1;
    }
    if (*version < store::kSchemaVersion) {
        std::cout << file << " is at schema version " << *version
                  << "; `roadmap migrate` (run by the service before it starts) brings it to "
                  << store::kSchemaVersion << "\n";
    }
    std::cout << file << " restored into " << database_path(config) << "\n";
    return 0;
}

}  // namespace

int run(int argc, char** argv) {
    crypto::init();
    CLI::App app{
        "CBE Roadmap: where your education system stands on the road to "
        "competency-based education, and what to do next."};
    app.require_subcommand(1);

    ServeConfig config;
    // Run-time files from the installed share folder beside the binary, or the checkout a
    // development build came from; --content, --templates … and CBE_* still override.
    std::error_code ec;
    apply_share(config, locate_share(std::filesystem::read_symlink("/proc/self/exe", ec).string(),
                                     CBE_SOURCE_DIR));
    std::string listen;
    std::string public_url;
    auto* serve_cmd = app.add_subcommand("serve", "Run the web server");
    serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (env CBE_LISTEN)")
        ->default_str("127.0.0.1:8080");
    serve_cmd->add_option("--content", config.content_dir, "Content folder (env CBE_CONTENT)");
    serve_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    serve_cmd->add_option("--templates", config.templates_dir,
                          "Templates folder (env CBE_TEMPLATES)");
    serve_cmd->add_option("--static", config.static_dir, "Static files folder (env CBE_STATIC)");
    serve_cmd->add_option("--uswds", config.uswds_dir, "USWDS dist folder (env CBE_USWDS)");
    serve_cmd->add_option("--threads", config.threads, "I/O threads (env CBE_THREADS)")
        ->check(CLI::Range(1, 256));

    serve_cmd->add_option("--migrations", config.migrations_dir, "SQL migrations folder");
    serve_cmd
        ->add_option("--max-connections", config.max_connections,
                     "Open connections at most (env CBE_MAX_CONNECTIONS)")
        ->check(CLI::Range(1, 1000000));
    serve_cmd
        ->add_option("--max-connections-per-address", config.max_connections_per_address,
                     "Open connections one client address may hold, live-update streams not "
                     "counted, 0: no limit "
                     "(env CBE_MAX_CONNECTIONS_PER_ADDRESS)")
        ->check(CLI::Range(0, 1000000));
    serve_cmd
        ->add_option("--max-event-streams", config.max_event_streams,
                     "Live-update streams held open at most, 0: none; never more than 3/4 of "
                     "--max-connections (env CBE_MAX_EVENT_STREAMS)")
        ->check(CLI::Range(0, 1000000));
    serve_cmd
        ->add_option("--max-event-streams-per-session", config.max_event_streams_per_session,
                     "Live-update streams of one team session, 0: no limit "
                     "(env CBE_MAX_EVENT_STREAMS_PER_SESSION)")
        ->check(CLI::Range(0, 1000000));
    serve_cmd
        ->add_option("--max-event-streams-per-address", config.max_event_streams_per_address,
                     "Live-update streams of one client address, 0: no limit "
                     "(env CBE_MAX_EVENT_STREAMS_PER_ADDRESS)")
        ->check(CLI::Range(0, 1000000));
    serve_cmd
        ->add_option("--event-heartbeat-seconds", config.event_heartbeat_seconds,
                     "Seconds between keep-alive comments on a live-update stream "
                     "(env CBE_EVENT_HEARTBEAT_SECONDS)")
        ->check(CLI::Range(1, 3600));
    size_t results_cache_mb = config.results_cache_bytes / (size_t{1024} * 1024);
    serve_cmd
        ->add_option("--results-cache-mb", results_cache_mb,
                     "Memory for rendered results pages, in MiB (0: off)")
        ->check(CLI::Range(0, 4096));
    bool invitation_only = false;
    serve_cmd->add_flag("--invitation-only", invitation_only,
                        "Accounts only by invitation or `roadmap user add`, no open sign-up");
    serve_cmd->add_flag("--secure-cookies", config.secure_cookies,
                        "Mark cookies Secure (when served over TLS, directly or via a proxy)");
    serve_cmd->add_option("--public-url", public_url,
                          "Address people use, e.g. https://roadmap.example.org: the base of "
                          "every absolute link (env CBE_PUBLIC_URL)");
    serve_cmd->add_option("--metrics-token", config.metrics_token,
                          "Bearer token that opens /metrics to non-loopback clients "
                          "(env CBE_METRICS_TOKEN)");
    serve_cmd->add_option("--trusted-proxy", config.trusted_proxies,
                          "Address of a reverse proxy whose X-Forwarded-For is believed "
                          "(repeat for several; env CBE_TRUSTED_PROXY, comma-separated)");
    serve_cmd
        ->add_option("--audit-retention-days", config.audit_retention_days,
                     "Delete audit entries older than this (0: keep all)")
        ->check(CLI::Range(0, 36500));
    serve_cmd
        ->add_option("--session-max-open-days", config.session_max_open_days,
                     "Close team sessions left open longer than this (default 30)")
        ->check(CLI::Range(1, 3650));
    serve_cmd->add_option("--log-format", config.log_format, "text or json (env CBE_LOG_FORMAT)")
        ->check(CLI::IsMember({"text", "json"}));
    std::string org_creation;
    serve_cmd
        ->add_option("--org-creation", org_creation,
                     "Who may create organizations: anyone signed in, or operators with "
                     "`roadmap org add` (env CBE_ORG_CREATION; default anyone)")
        ->check(CLI::IsMember({"anyone", "operators"}));
    serve_cmd->add_option("--smtp-host", config.smtp.host,
                          "SMTP server for password resets and invitations; none: no email "
                          "(env CBE_SMTP_HOST)");
    serve_cmd->add_option("--smtp-port", config.smtp.port, "SMTP port (env CBE_SMTP_PORT)")
        ->check(CLI::Range(1, 65535));
    serve_cmd->add_option("--smtp-from", config.smtp.from,
                          "From address of the emails (env CBE_SMTP_FROM)");
    serve_cmd
        ->add_option("--smtp-tls", config.smtp.tls,
                     "starttls, tls (from the first byte) or none (env CBE_SMTP_TLS)")
        ->check(CLI::IsMember({"starttls", "tls", "none"}));
    serve_cmd->add_option("--smtp-user", config.smtp.user, "SMTP user name (env CBE_SMTP_USER)");
    std::string smtp_password_file;
    serve_cmd->add_option("--smtp-password-file", smtp_password_file,
                          "File whose first line is the SMTP password (env "
                          "CBE_SMTP_PASSWORD_FILE, or the password itself in CBE_SMTP_PASSWORD)");
    serve_cmd
        ->add_option("--smtp-timeout-seconds", config.smtp.timeout_seconds,
                     "Time limit of one email delivery (env CBE_SMTP_TIMEOUT_SECONDS)")
        ->check(CLI::Range(1, 300));

    auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
    migrate_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    migrate_cmd->add_option("--migrations", config.migrations_dir, "SQL migrations folder");

    std::string backup_file;
    auto* backup_cmd = app.add_subcommand(
        "backup", "Copy the database to FILE, consistently, while the server runs");
    backup_cmd->add_option("file", backup_file, "Where to write the copy")->required();
    backup_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    auto* restore_cmd = app.add_subcommand(
        "restore", "Replace the database with a copy made by `roadmap backup` (server stopped)");
    restore_cmd->add_option("file", backup_file, "The copy to restore")
        ->required()
        ->check(CLI::ExistingFile);
    restore_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    restore_cmd->add_option("--migrations", config.migrations_dir,
                            "SQL migrations folder (the tables a copy must have)");

    auto* user_cmd = add_user_commands(app, config);
    auto* org_cmd = add_org_commands(app, config);
    auto* seed_cmd = app.add_subcommand(
        "seed-demo", "On a database without accounts, add a demo organization and its owner");
    seed_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");

    auto* content_cmd = app.add_subcommand("content", "Work with the roadmap content");
    content_cmd->require_subcommand(1);
    std::string check_dir = config.content_dir;
    bool stats = false;
    auto* check_cmd = content_cmd->add_subcommand("check", "Validate the content files");
    check_cmd->add_option("dir", check_dir, "Content folder")->capture_default_str();
    check_cmd->add_flag("--stats", stats, "Print counts and readability as JSON");

    // Environment first, so flags given on the command line win.
    if (auto env = apply_environment(config, [](const char* n) { return std::getenv(n); }); !env) {
        std::cerr << "roadmap: " << env.error().message << "\n";
        return 2;
    }
    CLI11_PARSE(app, argc, argv);

    if (serve_cmd->parsed()) {
        config.results_cache_bytes = results_cache_mb * 1024 * 1024;
        if (invitation_only) config.sign_up_open = false;
        if (!org_creation.empty()) config.organizations_by_anyone = org_creation == "anyone";
        if (!smtp_password_file.empty()) {
            if (auto read = read_smtp_password_file(config.smtp, smtp_password_file); !read) {
                std::cerr << "roadmap serve: " << read.error().message << "\n";
                return 2;
            }
        }
        if (auto smtp = check_smtp(config.smtp); !smtp) {
            std::cerr << "roadmap serve: " << smtp.error().message << "\n";
            return 2;
        }
        if (!public_url.empty()) {
            auto parsed = parse_public_url(public_url);
            if (!parsed) {
                std::cerr << "roadmap serve: " << parsed.error().message << "\n";
                return 2;
            }
            config.public_url = *parsed;
        }
        if (!listen.empty()) {
            auto parsed = parse_listen(listen);
            if (!parsed) {
                std::cerr << "roadmap serve: " << parsed.error().message << "\n";
                return 2;
            }
            config.host = parsed->first;
            config.port = parsed->second;
        }
        return serve(config);
    }
    if (check_cmd->parsed()) return content_check(check_dir, stats);
    if (migrate_cmd->parsed()) return migrate(config);
    if (backup_cmd->parsed()) return backup(config, backup_file);
    if (restore_cmd->parsed()) return restore(config, backup_file);
    if (user_cmd->parsed()) return run_user(*user_cmd, config);
    if (org_cmd->parsed()) return run_org(*org_cmd, config);
    if (seed_cmd->parsed()) return seed_demo(config);
    return 2;
}

}  // namespace cbe::cli
