#include "web/site.hpp"

#include <spdlog/spdlog.h>

#include "web/compression.hpp"
#include "web/forms.hpp"
#include "web/gzip.hpp"
#include "web/messages.hpp"

namespace cbe::web {

namespace json = boost::json;

namespace {

constexpr const char* kPageCacheControl = "no-cache";
constexpr const char* kAssetCacheControl = "public, max-age=31536000, immutable";

std::string etag_of(const std::string& fingerprint, const std::string& body) {
    uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : fingerprint + body) hash = (hash ^ c) * 1099511628211ULL;
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "\"%016llx\"", static_cast<unsigned long long>(hash));
    return buffer;
}

bool etag_matches(std::string_view if_none_match, const std::string& etag) {
    return !if_none_match.empty() &&
           (if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos);
}

// When to come back, on an answer that asks the client to: the wait a rate limit named (at
// least a second), or a guess for an overloaded or unavailable server.
void add_retry_after(Response& response, const Error& error) {
    if (response.status == 429) {
        response.headers.emplace_back("Retry-After", std::to_string(std::max(1LL, error.number)));
    } else if (response.status == 503) {
        response.headers.emplace_back("Retry-After", error.message == "busy" ? "5" : "30");
    }
}

}  // namespace

void add_security_headers(Response& response) {
    response.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; object-src 'none'");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    response.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

Site::Site(content::RoadmapPtr roadmap, std::shared_ptr<const Views> views, StaticAssets assets)
    : roadmap_(std::move(roadmap)),
      views_(std::move(views)),
      assets_(std::move(assets)),
      linker_(roadmap_->glossary) {}

Result<std::shared_ptr<Site>> Site::create(const ServeConfig& config, content::RoadmapPtr roadmap,
                                           Clock clock) {
    auto views = Views::load(config.templates_dir);
    if (!views) return tl::unexpected(views.error());
    auto assets = StaticAssets::load(config.static_dir, config.uswds_dir);
    if (!assets) return tl::unexpected(assets.error());
    std::shared_ptr<Site> site(new Site(std::move(roadmap), *views, std::move(*assets)));
    site->clock_ = std::move(clock);
    site->secure_cookies_ = config.secure_cookies;
    site->public_base_ = public_base(config);
    return site;
}

bool Site::is_blocking(Request& request) const {
    const Handler* handler = nullptr;
    return request.path.rfind("/assets/", 0) != 0 &&
           router_.match(request, &handler) == Router::Match::kFound &&
           router_.is_blocking(handler);
}

json::object Site::layout(const json::object& model) const {
    json::object out{{"title", model.contains("title") ? model.at("title") : json::value("")},
                     {"site_title", roadmap_->title},
                     {"assets", assets_.prefix()},
                     {"version", roadmap_->version}};
    if (auto it = model.find("page"); it != model.end() && it->value().is_string()) {
        out["nav_" + std::string(it->value().get_string())] = true;
    }
    // Who is signed in, and the token for the header's sign-out form (render_private sets
    // both on pages made for one visitor; cached pages have neither).
    for (const char* key : {"viewer_name", "csrf"}) {
        if (auto it = model.find(key); it != model.end()) out[key] = it->value();
    }
    return out;
}

void Site::prerender(const std::string& key, const std::string& page, const json::object& model,
                     bool link_glossary) {
    json::object outer = layout(model);
    // Glossary terms link where they first appear in the page's own content.
    std::string body = views_->render_fragment("pages/" + page, model);
    outer["body_html"] = link_glossary ? linker_.link_first_uses(body) : body;
    std::string html = views_->render_fragment("layout", outer);
    CachedPage cached;
    cached.etag = etag_of(roadmap_->fingerprint + assets_.prefix(), html);
    cached.gzip_body = std::make_shared<const std::string>(gzip(html));
    cached.body = std::make_shared<const std::string>(std::move(html));
    pages_[key] = std::move(cached);
}

Response Site::cached(const std::string& key, const Request& request) const {
    auto it = pages_.find(key);
    if (it == pages_.end()) return not_found(request);
    const CachedPage& page = it->second;
    Response response;
    response.headers.emplace_back("ETag", page.etag);
    response.headers.emplace_back("Cache-Control", kPageCacheControl);
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (etag_matches(request.header("if-none-match"), page.etag)) {
        response.status = 304;
        return response;
    }
    response.gzipped = request.accepts_gzip();
    response.body = response.gzipped ? page.gzip_body : page.body;
    return response;
}

Response Site::render(const std::string& page, const json::object& model, const Request&,
                      int status) const {
    Response response;
    response.status = status;
    response.headers.emplace_back("Cache-Control", "no-store");
    // The page's own template may load assets too (a page script): it gets the hashed prefix.
    json::object page_model = model;
    page_model.emplace("assets", assets_.prefix());
    response.set_body(views_->render(page, page_model, layout(model)));
    return response;
}

Response Site::error_page(int status, std::string_view title_key, std::string_view message_key,
                          const Request& request) const {
    return error_page_in_words(status, message_text(title_key), message_text(message_key), request);
}

Response Site::error_page_in_words(int status, const std::string& title, const std::string& message,
                                   const Request& request) const {
    json::object model{
        {"title", title}, {"message", message}, {"status", status}, {"not_found", status == 404}};
    return render("error", model, request, status);
}

Response Site::error_response(const Error& error, const Request& request) const {
    int status = status_for(error.code);
    if (error.code == ErrorCode::kInternal) {
        spdlog::error("{}: {}", request.route, error.message);
    }
    Response response =
        error_page_in_words(status, error_title(error), message_text(error), request);
    add_retry_after(response, error);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    return response;
}

Response Site::refused_form(Response form, const Error& error) {
    if (form.status != 200) return form;  // not the form: its own error page, as it is
    form.status = status_for(error.code);
    add_retry_after(form, error);
    return form;
}

Response Site::not_found(const Request& request) const {
    return error_page(404, "page.not-found.title", "page.not-found", request);
}

Response Site::serve_asset(const Request& request) const {
    const std::string& prefix = assets_.prefix();
    bool current = request.path.rfind(prefix + "/", 0) == 0;
    // Older hashes still resolve (a page cached before a deploy), but are not immutable.
    std::string_view rest(request.path);
    rest.remove_prefix(std::string_view("/assets/").size());
    size_t slash = rest.find('/');
    const Asset* asset =
        slash == std::string_view::npos ? nullptr : assets_.find(rest.substr(slash + 1));
    if (!asset) return not_found(request);
    Response response;
    response.content_type = asset->content_type;
    response.headers.emplace_back("Cache-Control", current ? kAssetCacheControl : "no-cache");
    if (asset->gzip_body) response.headers.emplace_back("Vary", "Accept-Encoding");
    response.gzipped = asset->gzip_body && request.accepts_gzip();
    response.body = response.gzipped ? asset->gzip_body : asset->body;
    return response;
}

Response Site::handle(Request& request) const {
    Response response;
    if (request.path.rfind("/assets/", 0) == 0 &&
        (request.method == Method::kGet || request.method == Method::kHead)) {
        request.route = "/assets/*";
        response = serve_asset(request);
    } else {
        const Handler* handler = nullptr;
        switch (router_.match(request, &handler)) {
            case Router::Match::kFound:
                response = (*handler)(request);
                compress_if_worthwhile(
                    response, request,
                    {cookie(request, kCsrfCookie, secure_cookies_),
                     cookie_set_by(response, cookie_name(kCsrfCookie, secure_cookies_))});
                break;
            case Router::Match::kNotFound:
                response = not_found(request);
                break;
            case Router::Match::kMethodNotAllowed:
                response = error_page(405, "page.method-not-allowed.title",
                                      "page.method-not-allowed", request);
                response.headers.emplace_back("Allow", router_.allowed_methods(request.path));
                break;
        }
    }
    add_security_headers(response);
    return response;
}

}  // namespace cbe::web
