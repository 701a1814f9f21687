#include "cli/commands.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/content_stats.hpp"
#include "cli/demo_seed.hpp"
#include "cli/org_commands.hpp"
#include "cli/user_commands.hpp"
#include "content/loader.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
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

void use_async_logging() {
    // Access logs at tens of thousands of lines a second must not block the I/O threads.
    spdlog::init_thread_pool(8192, 1);
    auto logger = std::make_shared<spdlog::async_logger>(
        "roadmap", std::make_shared<spdlog::sinks::stdout_sink_mt>(), spdlog::thread_pool(),
        spdlog::async_overflow_policy::overrun_oldest);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
}

std::string database_path(const ServeConfig& config) {
    return (std::filesystem::path(config.data_dir) / "roadmap.db").string();
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

int serve(ServeConfig config) {
    auto started = std::chrono::steady_clock::now();
    use_async_logging();
    auto loaded = content::load_content(config.content_dir);
    if (!report_problems(config.content_dir, loaded)) {
        spdlog::critical("refusing to start: {} content problem(s)", loaded.problems.size());
        spdlog::shutdown();
        return 1;
    }
    auto db = open_database(config);
    auto schema = db ? store::check_schema(**db) : Result<void>(tl::unexpected(db.error()));
    if (!schema) {
        spdlog::critical("refusing to start: {}: {}", database_path(config),
                         schema.error().message);
        spdlog::shutdown();
        return 1;
    }
    auto site = web::Site::create(config, web::Services{loaded.roadmap, *db, system_clock()});
    if (!site) {
        spdlog::critical("refusing to start: {}", site.error().message);
        spdlog::shutdown();
        return 1;
    }
    web::Server server(config, *site);
    auto port = server.listen();
    if (!port) {
        spdlog::critical("{}", port.error().message);
        spdlog::shutdown();
        return 1;
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    std::string host =
        config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    spdlog::info("CBE Roadmap (content {}) ready in {} ms at http://{}:{}/",
                 loaded.roadmap->version, ms, host, *port);
    spdlog::default_logger()->flush();
    server.run(true);
    spdlog::info("stopped");
    spdlog::shutdown();
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
    std::string listen;
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
    size_t results_cache_mb = config.results_cache_bytes / (1024 * 1024);
    serve_cmd
        ->add_option("--results-cache-mb", results_cache_mb,
                     "Memory for rendered results pages, in MiB (0: off)")
        ->check(CLI::Range(0, 4096));
    bool invitation_only = false;
    serve_cmd->add_flag("--invitation-only", invitation_only,
                        "Accounts only by invitation or `roadmap user add`, no open sign-up");
    serve_cmd->add_flag("--secure-cookies", config.secure_cookies,
                        "Mark cookies Secure (when served over TLS, directly or via a proxy)");

    auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
    migrate_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");
    migrate_cmd->add_option("--migrations", config.migrations_dir, "SQL migrations folder");

    auto* user_cmd = add_user_commands(app, config);
    auto* org_cmd = add_org_commands(app, config);
    auto* seed_cmd = app.add_subcommand(
        "seed-demo", "On a database without accounts, add a demo organization and its owner");
    seed_cmd->add_option("--data", config.data_dir, "Data folder (env CBE_DATA)");

    auto* content_cmd = app.add_subcommand("content", "Work with the roadmap content");
    content_cmd->require_subcommand(1);
    std::string check_dir = "content";
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
        config.sign_up_open = !invitation_only;
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
    if (user_cmd->parsed()) return run_user(*user_cmd, config);
    if (org_cmd->parsed()) return run_org(*org_cmd, config);
    if (seed_cmd->parsed()) return seed_demo(config);
    return 2;
}

}  // namespace cbe::cli
