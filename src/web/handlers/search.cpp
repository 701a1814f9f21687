// GET /search: one search across elements, examples, resources and the glossary, over an index
// built from this site's content when the site is built (so a content reload rebuilds it).
#include <memory>

#include "report/search_page.hpp"
#include "web/handlers/routes.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

namespace {

Response search(const Site& site, const report::SearchIndex& index, const Request& request) {
    std::string kind_id = request.query_value("kind");
    auto kind = report::search_kind(kind_id);
    if (!kind_id.empty() && !kind) {
        return site.error_page(400, "search.kind-unknown.title", "search.kind-unknown", request);
    }
    // The query is cut to its first characters inside the model, which says so on the page.
    Response response =
        site.render("search", report::search_model(index, request.query_value("q"), kind), request);
    // Result pages are endless variations of the content pages: keep them out of search engines.
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    return response;
}

}  // namespace

void add_search(Site& site, Router& router) {
    auto index =
        std::make_shared<const report::SearchIndex>(report::search_documents(site.roadmap()));
    site.retain(index);
    router.get("/search", [&site, index = index.get()](Request& request) {
        return search(site, *index, request);
    });
}

}  // namespace cbe::web::handlers
