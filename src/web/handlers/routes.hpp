// Route groups: each adds its routes to the site's router (one .cpp file per group) and gets
// only the use cases it calls.
#pragma once

#include <functional>
#include <string>

#include "web/metrics.hpp"

namespace cbe::web {
class Site;
class Router;
class RenderedCache;
}  // namespace cbe::web

namespace cbe::service {
class AccountService;
class AssessmentService;
class OrganizationService;
class TeamSessionService;
}  // namespace cbe::service

namespace cbe::web::handlers {

// Public pages that depend only on content (public_pages.cpp).
void add_public_pages(Site& site, Router& router);
// For operators: GET /metrics (operations.cpp). `gauges` reads the pool and cache figures at
// scrape time; `token` opens the page to other machines (empty: loopback only).
struct Operations {
    const Metrics& metrics;
    std::function<Metrics::Gauges()> gauges;
    std::string token;
};
void add_operations(Site& site, Router& router, Operations operations);
// The self-assessment journey (assessments.cpp, assessment_pages.cpp). `results_cache` keeps
// rendered results pages (null: off).
void add_assessments(Site& site, Router& router, const service::AssessmentService& assessments,
                     const service::AccountService& accounts,
                     const service::OrganizationService& organizations,
                     RenderedCache* results_cache);
// Its pages (assessment_pages.cpp); add_assessments adds them.
void add_assessment_pages(Site& site, Router& router, const service::AssessmentService& assessments,
                          const service::AccountService& accounts,
                          const service::OrganizationService& organizations,
                          RenderedCache* results_cache);
// Accounts: sign-up, sign-in, sign-out, password (accounts.cpp).
void add_accounts(Site& site, Router& router, const service::AccountService& accounts);
// Organizations: their page, their assessments, moving one in, members (organizations.cpp,
// members.cpp).
void add_organizations(Site& site, Router& router, const service::AssessmentService& assessments,
                       const service::AccountService& accounts,
                       const service::OrganizationService& organizations);
// Invitation links to join an organization (invitations.cpp).
void add_invitations(Site& site, Router& router, const service::AccountService& accounts,
                     const service::OrganizationService& organizations);

// Live team sessions: facilitators' boards and participants' pages (team_sessions.cpp).
void add_team_sessions(Site& site, Router& router, const service::AccountService& accounts,
                       const service::TeamSessionService& sessions);

}  // namespace cbe::web::handlers
