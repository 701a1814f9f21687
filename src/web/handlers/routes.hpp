// Route groups: each adds its routes to the site's router (one .cpp file per group) and gets
// only the use cases it calls.
#pragma once

namespace cbe::web {
class Site;
class Router;
}  // namespace cbe::web

namespace cbe::service {
class AccountService;
class AssessmentService;
class OrganizationService;
}  // namespace cbe::service

namespace cbe::web::handlers {

// Public pages that depend only on content (public_pages.cpp).
void add_public_pages(Site& site, Router& router);
// For operators: GET /metrics (operations.cpp).
void add_operations(Site& site, Router& router);
// The self-assessment journey (assessments.cpp, assessment_pages.cpp).
void add_assessments(Site& site, Router& router, const service::AssessmentService& assessments,
                     const service::AccountService& accounts,
                     const service::OrganizationService& organizations);
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

}  // namespace cbe::web::handlers
