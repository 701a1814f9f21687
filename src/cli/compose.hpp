// The composition root: builds the use cases and a site whose routes call them. `roadmap serve`,
// a content reload and the tests' in-process servers all build here, so they are wired the same
// way. The only place that knows every route group and every service.
#pragma once

#include <memory>

#include "content/model.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/password.hpp"
#include "core/result.hpp"
#include "service/services.hpp"
#include "web/metrics.hpp"
#include "web/rendered_cache.hpp"
#include "web/server.hpp"
#include "web/site.hpp"

namespace cbe::cli {

// What sites are built from. Without a database the public pages still work and the assessment
// and account routes are not there (tests of the public pages use that).
struct Parts {
    explicit Parts(content::RoadmapPtr r = nullptr, std::shared_ptr<store::Database> db = nullptr)
        : roadmap(std::move(r)), database(std::move(db)) {}
    content::RoadmapPtr roadmap;
    std::shared_ptr<store::Database> database;
    Clock clock = system_clock();
    crypto::PasswordCost password_cost = crypto::interactive_cost();
    // Process-wide, shared by every site the process builds (a content reload builds a new one)
    // so counts, cached pages, hashing limits and live-update subscribers survive a reload.
    // build() makes the ones still empty.
    std::shared_ptr<web::Metrics> metrics;
    std::shared_ptr<web::RenderedCache> results_cache;
    std::shared_ptr<const service::PasswordHasher> hasher;
    std::shared_ptr<service::Notifier> notifier;
    // Email: made from the SMTP settings when empty and a host is set (tests may bring a fake);
    // the outbox sends password resets and invitations off the request threads.
    std::shared_ptr<const service::Mailer> mailer;
    std::shared_ptr<service::MailOutbox> outbox;
};

struct Built {
    std::shared_ptr<web::Site> site;
    service::ServiceSet services;  // empty without a database
};

// Composes the services (when there is a database), creates the site and registers every route
// group with the services it uses. Fills the process-wide members of `parts` that were empty.
[[nodiscard]] Result<Built> build(const ServeConfig& config, Parts& parts);

// SIGHUP: loads and validates the content folder; if it is valid, builds a new site over it and
// swaps it in (requests in flight finish on the old one, which is freed when the last of them
// ends; new assessments get the new version, older ones keep theirs through their snapshots)
// and returns it. If not, keeps serving the old content, logs every problem as
// file:line: message, and returns null.
std::shared_ptr<web::Site> reload_content(const ServeConfig& config, const Parts& base,
                                          web::Server& server);

}  // namespace cbe::cli
