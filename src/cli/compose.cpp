#include "cli/compose.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "content/loader.hpp"
#include "store/database.hpp"
#include "store/mail_outbox_repository.hpp"
#include "web/handlers/routes.hpp"
#include "web/smtp_mailer.hpp"

namespace cbe::cli {

namespace {

service::Settings service_settings(const ServeConfig& config, const Parts& parts) {
    service::Settings settings;
    settings.database = parts.database;
    settings.roadmap = parts.roadmap;
    settings.clock = parts.clock;
    settings.password_cost = parts.password_cost;
    settings.sign_up_open = config.sign_up_open;
    settings.sign_ups_per_address = config.sign_ups_per_address;
    settings.new_assessments_per_address = config.new_assessments_per_address;
    settings.hashing_concurrency = config.hashing_concurrency;
    settings.hashing_queue = config.hashing_queue;
    settings.hasher = parts.hasher;
    settings.notifier = parts.notifier;
    settings.organizations_by_anyone = config.organizations_by_anyone;
    settings.mailer = parts.mailer;
    settings.outbox = parts.outbox;
    settings.session_limits.max_open = std::chrono::hours(24) * config.session_max_open_days;
    return settings;
}

// The figures /metrics reads at scrape time from their owners.
std::function<web::Metrics::Gauges()> gauges_of(std::shared_ptr<store::Database> database,
                                                std::shared_ptr<web::RenderedCache> cache) {
    return [database = std::move(database), cache = std::move(cache)] {
        web::Metrics::Gauges gauges;
        if (database) {
            auto stats = database->pool_stats();
            gauges.has_database = true;
            gauges.db_pool_size = database->pool_size();
            gauges.db_leases = stats.leases;
            gauges.db_waits = stats.waits;
            gauges.db_timeouts = stats.timeouts;
            gauges.db_settled = stats.settled;
            gauges.db_replaced = stats.replaced;
        }
        if (cache) {
            gauges.has_cache = true;
            gauges.cache_hits = cache->hits();
            gauges.cache_misses = cache->misses();
            gauges.cache_bytes = cache->bytes();
        }
        return gauges;
    };
}

}  // namespace

Result<Built> build(const ServeConfig& config, Parts& parts) {
    if (!parts.metrics) parts.metrics = std::make_shared<web::Metrics>();
    if (!parts.results_cache && config.results_cache_bytes > 0) {
        parts.results_cache = std::make_shared<web::RenderedCache>(config.results_cache_bytes);
    }
    auto created = web::Site::create(config, parts.roadmap, parts.clock);
    if (!created) return tl::unexpected(created.error());
    Built built{*created, {}};
    web::Site& site = *built.site;
    web::Router& router = site.router();
    site.retain(parts.metrics);
    site.retain(parts.results_cache);
    web::handlers::add_public_pages(site, router);
    web::handlers::add_search(site, router);
    web::handlers::add_operations(
        site, router,
        {*parts.metrics, gauges_of(parts.database, parts.results_cache), config.metrics_token});
    if (!parts.database) return built;

    // Email when an SMTP server is configured (tests may bring their own mailer); one outbox
    // per process, so a content reload neither loses queued mail nor starts another thread.
    if (!parts.mailer && !config.smtp.host.empty()) {
        parts.mailer = std::make_shared<web::SmtpMailer>(config.smtp, public_base(config));
    }
    if (parts.mailer && !parts.outbox) {
        parts.outbox = std::make_shared<service::MailOutbox>(service::MailOutbox::Dependencies{
            std::make_shared<store::MailOutboxRepository>(parts.database), parts.mailer,
            parts.clock});
    }
    auto composed = service::compose(service_settings(config, parts));
    if (!composed) return tl::unexpected(composed.error());
    built.services = std::move(*composed);
    parts.hasher = built.services.hasher;
    parts.notifier = built.services.notifier;
    // The handlers hold references to the services: the site keeps them alive.
    site.retain(std::make_shared<service::ServiceSet>(built.services));
    const auto& services = built.services;
    web::handlers::add_assessments(site, router, *services.assessments, *services.accounts,
                                   *services.organizations, parts.results_cache.get());
    web::handlers::add_accounts(site, router, *services.accounts, *services.organizations);
    web::handlers::add_password_resets(site, router, *services.password_resets);
    web::handlers::add_organization_creation(site, router, *services.accounts,
                                             *services.organizations);
    web::handlers::add_organizations(site, router, *services.assessments, *services.accounts,
                                     *services.organizations);
    web::handlers::add_invitations(site, router, *services.accounts, *services.organizations);
    web::handlers::add_team_sessions(site, router, *services.accounts, *services.sessions);
    web::handlers::add_plans(site, router, *services.accounts, *services.plans);
    web::handlers::add_shares(site, router, *services.accounts, *services.plans);
    web::handlers::add_history(site, router, *services.accounts, *services.assessments,
                               *services.history);
    return built;
}

std::shared_ptr<web::Site> reload_content(const ServeConfig& config, const Parts& base,
                                          web::Server& server) {
    auto loaded = content::load_content(config.content_dir);
    if (!loaded.problems.empty()) {
        for (const auto& problem : loaded.problems) {
            spdlog::error("{}:{}: {}",
                          (std::filesystem::path(config.content_dir) / problem.file).string(),
                          problem.line, problem.message);
        }
        spdlog::error("content reload refused: {} problem(s); still serving the old content",
                      loaded.problems.size());
        return nullptr;
    }
    Parts parts = base;
    parts.roadmap = loaded.roadmap;
    auto built = build(config, parts);
    if (!built) {
        spdlog::error("content reload refused: {}", built.error().message);
        return nullptr;
    }
    server.replace_site(built->site);
    spdlog::info("content {} loaded from {}", loaded.roadmap->version, config.content_dir);
    return built->site;
}

}  // namespace cbe::cli
