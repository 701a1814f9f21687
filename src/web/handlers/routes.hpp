// Route groups: each adds its routes to the site's router (one .cpp file per group).
#pragma once

namespace cbe::web {
class Site;
class Router;
}  // namespace cbe::web

namespace cbe::web::handlers {

// Public pages that depend only on content (public_pages.cpp).
void add_public_pages(Site& site, Router& router);
// The self-assessment journey (assessments.cpp, assessment_pages.cpp).
void add_assessments(Site& site, Router& router);
// Accounts: sign-up, sign-in, sign-out, password (accounts.cpp).
void add_accounts(Site& site, Router& router);
// Organizations: their page, moving an assessment in (organizations.cpp).
void add_organizations(Site& site, Router& router);
// For operators: GET /metrics (operations.cpp).
void add_operations(Site& site, Router& router);
// Invitation links to join an organization (invitations.cpp).
void add_invitations(Site& site, Router& router);

}  // namespace cbe::web::handlers
