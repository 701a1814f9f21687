// The web application without the socket: routes, cached pages, assets, headers, errors.
// The server hands it parsed requests; tests can call it directly.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <string>

#include "content/glossary_linker.hpp"
#include "content/model.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/password.hpp"
#include "service/services.hpp"
#include "web/http.hpp"
#include "web/metrics.hpp"
#include "web/rendered_cache.hpp"
#include "web/router.hpp"
#include "web/static_assets.hpp"
#include "web/views.hpp"

namespace cbe::web {

// What the site is built from. Without a database the public pages still work, and the
// assessment routes are not there (tests of the public pages use that).
struct Services {
    explicit Services(content::RoadmapPtr r = nullptr,
                      std::shared_ptr<store::Database> db = nullptr)
        : roadmap(std::move(r)), database(std::move(db)) {}
    content::RoadmapPtr roadmap;
    std::shared_ptr<store::Database> database;
    Clock clock = system_clock();
    crypto::PasswordCost password_cost = crypto::interactive_cost();
    // Shared by every Site the process builds (a content reload builds a new one), so counts
    // and cached pages survive a reload. Made by Site::create when absent.
    std::shared_ptr<Metrics> metrics;
    std::shared_ptr<RenderedCache> results_cache;
    // Likewise the password-hashing limits and live-update subscribers (made when absent).
    std::shared_ptr<const service::PasswordHasher> hasher;
    std::shared_ptr<service::Notifier> notifier;
};

class Site {
  public:
    [[nodiscard]] static Result<std::shared_ptr<Site>> create(const ServeConfig& config,
                                                              const Services& services);

    // Answers any request: assets, routes, 404/405; adds the security headers.
    Response handle(Request& request) const;
    // True when the request's route does blocking (database) work, so the server runs it off
    // the I/O threads.
    bool is_blocking(Request& request) const;
    const Router& router() const { return router_; }

    // For handlers: the view layer (rendering, errors, links, cookies' settings).
    const content::Roadmap& roadmap() const { return *roadmap_; }
    std::string now() const { return iso8601(clock_()); }
    bool secure_cookies() const { return secure_cookies_; }
    // The use cases (null without a database); the composition root hands them to route groups.
    const service::ServiceSet& services() const { return services_; }
    // An absolute link to `path` on this site, from the configured public URL (never from the
    // request's Host header, which the client controls).
    std::string absolute_url(const std::string& path) const { return public_base_ + path; }
    // Null when caching rendered results is off.
    RenderedCache* results_cache() const { return results_cache_.get(); }
    Metrics& metrics() const { return *metrics_; }
    const std::shared_ptr<Metrics>& shared_metrics() const { return metrics_; }
    const std::shared_ptr<RenderedCache>& shared_results_cache() const { return results_cache_; }
    const std::string& metrics_token() const { return metrics_token_; }
    // The Prometheus text for GET /metrics.
    std::string metrics_text() const;
    // Renders `page` once now and keeps it under `key` (a path, maybe with a query).
    void prerender(const std::string& key, const std::string& page,
                   const boost::json::object& model);
    // The page kept under `key`, answered with ETag/304 and gzip; a 404 page when absent.
    Response cached(const std::string& key, const Request& request) const;
    Response render(const std::string& page, const boost::json::object& model,
                    const Request& request, int status = 200) const;
    Response error_page(int status, const std::string& title, const std::string& message,
                        const Request& request) const;
    // The one answer for a failed use case: its status from status_for(), its words from the
    // message table; Retry-After on 429 and 503; internal errors logged.
    Response error_response(const Error& error, const Request& request) const;
    Response not_found(const Request& request) const;

  private:
    struct CachedPage {
        std::shared_ptr<const std::string> body;
        std::shared_ptr<const std::string> gzip_body;
        std::string etag;
    };
    Site(content::RoadmapPtr roadmap, std::shared_ptr<const Views> views, StaticAssets assets);
    [[nodiscard]] Result<void> attach_database(const ServeConfig& config, const Services& services);
    boost::json::object layout(const boost::json::object& model) const;
    Response serve_asset(const Request& request) const;

    content::RoadmapPtr roadmap_;
    std::shared_ptr<const Views> views_;
    StaticAssets assets_;
    content::GlossaryLinker linker_;
    Router router_;
    std::map<std::string, CachedPage> pages_;
    Clock clock_ = system_clock();
    bool secure_cookies_ = false;
    std::string public_base_;
    service::ServiceSet services_;
    std::shared_ptr<RenderedCache> results_cache_;
    std::shared_ptr<Metrics> metrics_;
    std::string metrics_token_;
    std::shared_ptr<store::Database> database_;
};

// Security headers every response carries (a strict CSP with no inline script or style).
void add_security_headers(Response& response);

}  // namespace cbe::web
