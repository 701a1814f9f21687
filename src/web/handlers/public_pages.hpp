// Routes for the public, content-only pages (most are rendered once per content version).
#pragma once

namespace cbe::web {
class Site;
class Router;
}  // namespace cbe::web

namespace cbe::web::handlers {

void add_public_pages(Site& site, Router& router);

}  // namespace cbe::web::handlers
