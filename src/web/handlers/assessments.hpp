// Routes for the self-assessment journey: start, walk the pathway, results, exports, delete.
#pragma once

namespace cbe::web {
class Site;
class Router;
}  // namespace cbe::web

namespace cbe::web::handlers {

void add_assessments(Site& site, Router& router);

}  // namespace cbe::web::handlers
