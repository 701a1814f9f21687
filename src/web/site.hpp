// The web application without the socket: the view layer (rendering, cached pages, assets,
// headers, error pages, links) and the router that the composition root (cli/compose.hpp) fills
// with route groups. It knows no service: a route group receives the services it uses. The
// server hands it parsed requests; tests can call it directly.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "content/glossary_linker.hpp"
#include "content/model.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/static_assets.hpp"
#include "web/views.hpp"

namespace cbe::web {

class Site {
  public:
    // A site with no routes yet, over `roadmap`; `clock` gives now().
    [[nodiscard]] static Result<std::shared_ptr<Site>> create(const ServeConfig& config,
                                                              content::RoadmapPtr roadmap,
                                                              Clock clock = system_clock());

    // Answers any request: assets, routes, 404/405; adds the security headers.
    Response handle(Request& request) const;
    // True when the request's route does blocking (database) work, so the server runs it off
    // the I/O threads.
    bool is_blocking(Request& request) const;
    const Router& router() const { return router_; }
    // For the composition root: where route groups add their routes, and what their handlers
    // refer to (the services), kept alive as long as this site.
    Router& router() { return router_; }
    void retain(std::shared_ptr<const void> dependency) {
        retained_.push_back(std::move(dependency));
    }

    // For handlers: the view layer (rendering, errors, links, cookies' settings).
    const content::Roadmap& roadmap() const { return *roadmap_; }
    std::string now() const { return iso8601(clock_()); }
    bool secure_cookies() const { return secure_cookies_; }
    // An absolute link to `path` on this site, from the configured public URL (never from the
    // request's Host header, which the client controls).
    std::string absolute_url(const std::string& path) const { return public_base_ + path; }
    // Renders `page` once now and keeps it under `key` (a path, maybe with a query). Glossary
    // terms are linked unless `link_glossary` is false (pages whose text is not ours, or that
    // hide parts from assistive technology, such as the sample results' chart).
    void prerender(const std::string& key, const std::string& page,
                   const boost::json::object& model, bool link_glossary = true);
    // The page kept under `key`, answered with ETag/304 and gzip; a 404 page when absent.
    Response cached(const std::string& key, const Request& request) const;
    Response render(const std::string& page, const boost::json::object& model,
                    const Request& request, int status = 200) const;
    // An error page whose title and words are keys of the message table (web/messages.cpp).
    Response error_page(int status, std::string_view title_key, std::string_view message_key,
                        const Request& request) const;
    // The one answer for a failed use case: its status from status_for(), its words from the
    // message table; Retry-After on 429 and 503; internal errors logged.
    Response error_response(const Error& error, const Request& request) const;
    // The form again, for a use case that refused what was sent: `form` (rendered with status
    // 200, what was typed kept and the error in words) gets the error's status from
    // status_for() and, as error_response does, Retry-After when that is 429 or 503. A page
    // that is not the form (the form's own data could not be read: an error page) is left as is.
    static Response refused_form(Response form, const Error& error);
    Response not_found(const Request& request) const;

  private:
    struct CachedPage {
        std::shared_ptr<const std::string> body;
        std::shared_ptr<const std::string> gzip_body;
        std::string etag;
    };
    Site(content::RoadmapPtr roadmap, std::shared_ptr<const Views> views, StaticAssets assets);
    boost::json::object layout(const boost::json::object& model) const;
    Response serve_asset(const Request& request) const;
    Response error_page_in_words(int status, const std::string& title, const std::string& message,
                                 const Request& request) const;

    content::RoadmapPtr roadmap_;
    std::shared_ptr<const Views> views_;
    StaticAssets assets_;
    content::GlossaryLinker linker_;
    Router router_;
    std::map<std::string, CachedPage> pages_;
    Clock clock_ = system_clock();
    bool secure_cookies_ = false;
    std::string public_base_;
    std::vector<std::shared_ptr<const void>> retained_;
};

// Security headers every response carries (a strict CSP with no inline script or style).
void add_security_headers(Response& response);

}  // namespace cbe::web
