#include "integration/running_server.hpp"

#include <random>

#include "cli/compose.hpp"
#include "content/loader.hpp"
#include "core/crypto.hpp"
#include "core/password.hpp"
#include "integration/fixtures.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace cbe::testing {

ServeConfig config_for_tests() {
    const std::string root = CBE_SOURCE_DIR;
    ServeConfig config;
    config.port = 0;
    config.content_dir = root + "/content";
    config.templates_dir = root + "/templates";
    config.static_dir = root + "/static";
    config.uswds_dir = root + "/node_modules/@uswds/uswds/dist";
    config.max_header_bytes = size_t{8} * 1024;
    config.max_body_bytes = size_t{16} * 1024;
    config.idle_timeout_seconds = 30;
    // Every test client speaks from loopback: the per-address limits have their own tests.
    config.sign_ups_per_address = 100000;
    config.new_assessments_per_address = 100000;
    return config;
}

RunningServer::RunningServer(const ServeConfig& config, Clock clock,
                             std::shared_ptr<const service::PasswordHasher> hasher)
    : config_(config) {
    crypto::init();
    auto loaded = content::load_content(config.content_dir);
    roadmap = loaded.roadmap;
    data_dir_ = std::filesystem::temp_directory_path() /
                ("cbe-it-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(data_dir_);
    database = store::Database::open_sqlite((data_dir_ / "roadmap.db").string(), 4).value();
    store::migrate(*database, std::string(CBE_SOURCE_DIR) + "/migrations/sqlite").value();
    // The cheapest argon2id settings: tests hash many passwords and prove nothing by waiting.
    parts_ = std::make_unique<cli::Parts>(loaded.roadmap, database);
    cli::Parts& parts = *parts_;
    parts.clock = std::move(clock);
    parts.password_cost = crypto::minimum_cost();
    parts.hasher = std::move(hasher);
    auto built = cli::build(config, parts);
    if (!built) throw std::runtime_error(built.error().message);
    site = built->site;
    housekeeping = built->services.housekeeping;
    server_ = std::make_unique<web::Server>(config, site, parts.metrics, parts.notifier);
    port = server_->listen().value();
    thread_ = std::thread([this] { server_->run(false); });
}

RunningServer::~RunningServer() {
    stop();
    std::filesystem::remove_all(data_dir_);
}

std::shared_ptr<web::Site> RunningServer::reload() {
    return cli::reload_content(config_, *parts_, *server_);
}

void RunningServer::stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
}

long long sign_up(RunningServer& server, Client& client, const std::string& name) {
    post_sign_up(client, name);
    return user_id(server, name);
}

}  // namespace cbe::testing
