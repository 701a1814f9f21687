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
class PasswordResetService;
class TeamSessionService;
class HistoryService;
class PlanService;
}  // namespace cbe::service

namespace cbe::web::handlers {

// Public pages that depend only on content (public_pages.cpp).
void add_public_pages(Site& site, Router& router);
// GET /search across the content, over an index built here from the site's content (search.cpp).
void add_search(Site& site, Router& router);
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
// The assessments this browser has opened and, signed in, those of the visitor's organizations;
// opening one from a pasted link (your_assessments.cpp); add_assessments adds them.
void add_your_assessments(Site& site, Router& router, const service::AssessmentService& assessments,
                          const service::AccountService& accounts);
// Accounts: sign-up, sign-in, sign-out, password, the account page (accounts.cpp); whether
// organizations may be created on the web comes from `organizations`.
void add_accounts(Site& site, Router& router, const service::AccountService& accounts,
                  const service::OrganizationService& organizations);
// Organizations: their page, their assessments, moving one in, members (organizations.cpp,
// members.cpp).
void add_organizations(Site& site, Router& router, const service::AssessmentService& assessments,
                       const service::AccountService& accounts,
                       const service::OrganizationService& organizations);
// Creating an organization on the web, when the instance allows it (organization_new.cpp).
// Add before add_organizations: "/orgs/new" must match before "/orgs/{id}".
void add_organization_creation(Site& site, Router& router, const service::AccountService& accounts,
                               const service::OrganizationService& organizations);
// Forgotten passwords: asking for a reset link by email and using it (password_resets.cpp).
void add_password_resets(Site& site, Router& router, const service::PasswordResetService& resets);
// Invitation links to join an organization (invitations.cpp).
void add_invitations(Site& site, Router& router, const service::AccountService& accounts,
                     const service::OrganizationService& organizations);

// Year over year: an assessment's school year, comparing two placements (history.cpp).
void add_history(Site& site, Router& router, const service::AccountService& accounts,
                 const service::AssessmentService& assessments,
                 const service::HistoryService& history);

// Live team sessions: facilitators' boards and participants' pages (team_sessions.cpp).
void add_team_sessions(Site& site, Router& router, const service::AccountService& accounts,
                       const service::TeamSessionService& sessions);

// Action plans under an assessment's private link, an organization's assessment and a closed
// team session (plans.cpp).
void add_plans(Site& site, Router& router, const service::AccountService& accounts,
               const service::PlanService& plans);
// Read-only share links: made, listed and revoked under the same three places; opened at
// /s/{share} (shares.cpp).
void add_shares(Site& site, Router& router, const service::AccountService& accounts,
                const service::PlanService& plans);

}  // namespace cbe::web::handlers
