#include <algorithm>

#include "report/page_models.hpp"
#include "report/results.hpp"
#include "report/sample_assessment.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

namespace {

// The sample results: the real results page, built by build_results from the bundled sample
// answers, with nothing to change and nothing to download.
void prerender_sample(Site& site) {
    const auto& rm = site.roadmap();
    auto sample = report::sample_assessment(rm);
    if (!sample.audience) return;
    auto view = sample.view(rm);
    auto model = results_page(report::build_results(view));
    model["page"] = "sample";
    // As a results page is, unlinked: the chart is hidden from assistive technology (a link
    // there could be focused but not announced), and the notes are the district's words.
    site.prerender("/sample", "assessment_results", model, false);
}

void prerender_all(Site& site) {
    const auto& rm = site.roadmap();
    site.prerender("/", "home", report::home_model(rm));
    site.prerender("/roadmap", "matrix", report::matrix_model(rm, nullptr));
    for (const auto& audience : rm.audiences) {
        site.prerender("/pathways/" + audience.id, "pathway", report::pathway_model(rm, audience));
        site.prerender("/roadmap?audience=" + audience.id, "matrix",
                       report::matrix_model(rm, &audience));
    }
    for (const auto& element : rm.elements) {
        site.prerender("/elements/" + element.id, "element", report::element_model(rm, element));
    }
    site.prerender("/examples", "examples", report::examples_model(rm, {}));
    for (const auto& example : rm.examples) {
        site.prerender("/examples/" + example.id, "example", report::example_model(rm, example));
    }
    site.prerender("/resources", "resources", report::resources_model(rm, {}));
    for (const auto& resource : rm.resources) {
        site.prerender("/resources/" + resource.id, "resource",
                       report::resource_model(rm, resource));
    }
    site.prerender("/glossary", "glossary", report::glossary_model(rm));
    site.prerender("/facilitator-guide", "guide", report::guide_model(rm));
    site.prerender("/mini", "mini", report::mini_model(rm));
    site.prerender("/about", "about", report::about_model(rm));
    prerender_sample(site);
}

// Serves the page kept under "<prefix><id>".
Handler cached_by_id(Site& site, const std::string& prefix) {
    return [&site, prefix](Request& request) {
        return site.cached(prefix + request.params["id"], request);
    };
}

Handler cached_at(Site& site, const std::string& key) {
    return [&site, key](Request& request) { return site.cached(key, request); };
}

Result<report::ResourceQuery> parse_resource_query(const Site& site, const Request& request) {
    report::ResourceQuery q{request.query_value("area"),  request.query_value("element"),
                            request.query_value("stage"), request.query_value("audience"),
                            request.query_value("type"),  request.query_value("collection"),
                            request.query_value("q")};
    const auto& rm = site.roadmap();
    auto known = [](const std::string& v, bool ok) { return v.empty() || ok; };
    bool collection_ok = false;
    for (const auto& c : rm.collections) collection_ok = collection_ok || c.id == q.collection;
    bool type_ok = false;
    for (auto t : content::kResourceTypes) type_ok = type_ok || t == q.type;
    if (!known(q.area, rm.area(q.area)) || !known(q.element, rm.element(q.element)) ||
        !known(q.stage, content::stage_index(q.stage).has_value()) ||
        !known(q.audience, rm.audience(q.audience)) || !known(q.type, type_ok) ||
        !known(q.collection, collection_ok)) {
        return fail(ErrorCode::kInvalidInput, "filters.unknown");
    }
    if (q.text.size() > report::kMaxQueryChars) {
        return tl::unexpected<Error>(Error{ErrorCode::kInvalidInput, "filters.text-too-long",
                                           static_cast<long long>(report::kMaxQueryChars)});
    }
    return q;
}

Response resources(Site& site, Request& request) {
    bool any = false;
    for (const auto& [key, value] : request.query) any = any || !value.empty();
    if (!any) return site.cached("/resources", request);
    auto query = parse_resource_query(site, request);
    if (!query) {
        return site.error_response(query.error(), request);
    }
    return site.render("resources", report::resources_model(site.roadmap(), *query), request);
}

Result<report::ExampleQuery> parse_example_query(const Site& site, const Request& request) {
    report::ExampleQuery q{request.query_value("state"), request.query_value("area"),
                           request.query_value("element"), request.query_value("stage")};
    const auto& rm = site.roadmap();
    const auto& states = report::us_states();
    bool state_ok = q.state.empty() || q.state == report::kNationalPlace ||
                    std::any_of(states.begin(), states.end(),
                                [&](const auto& s) { return s.first == q.state; });
    bool area_ok = q.area.empty() || rm.area(q.area);
    bool element_ok = q.element.empty() || rm.element(q.element);
    bool stage_ok = q.stage.empty() || content::stage_index(q.stage).has_value();
    if (!state_ok || !area_ok || !element_ok || !stage_ok) {
        return fail(ErrorCode::kInvalidInput, "filters.unknown");
    }
    return q;
}

Response examples(Site& site, Request& request) {
    bool any = false;
    for (const auto& [key, value] : request.query) any = any || !value.empty();
    if (!any) return site.cached("/examples", request);
    auto query = parse_example_query(site, request);
    if (!query) {
        return site.error_response(query.error(), request);
    }
    return site.render("examples", report::examples_model(site.roadmap(), *query), request);
}

Response roadmap_matrix(Site& site, Request& request) {
    std::string audience = request.query_value("audience");
    if (audience.empty()) return site.cached("/roadmap", request);
    if (!site.roadmap().audience(audience)) {
        return site.error_page(400, "pathway.unknown.title", "pathway.unknown", request);
    }
    return site.cached("/roadmap?audience=" + audience, request);
}

}  // namespace

void add_public_pages(Site& site, Router& router) {
    prerender_all(site);
    router.get("/", cached_at(site, "/"));
    router.get("/roadmap", [&site](Request& r) { return roadmap_matrix(site, r); });
    router.get("/pathways/{id}", cached_by_id(site, "/pathways/"));
    router.get("/elements/{id}", cached_by_id(site, "/elements/"));
    router.get("/examples", [&site](Request& r) { return examples(site, r); });
    router.get("/examples/{id}", cached_by_id(site, "/examples/"));
    router.get("/resources", [&site](Request& r) { return resources(site, r); });
    router.get("/resources/{id}", cached_by_id(site, "/resources/"));
    router.get("/glossary", cached_at(site, "/glossary"));
    router.get("/facilitator-guide", cached_at(site, "/facilitator-guide"));
    router.get("/mini", cached_at(site, "/mini"));
    router.get("/about", cached_at(site, "/about"));
    router.get("/sample", cached_at(site, "/sample"));
    router.get("/healthz", [](Request&) {
        Response response;
        response.content_type = "text/plain; charset=utf-8";
        response.headers.emplace_back("Cache-Control", "no-store");
        response.set_body("ok\n");
        return response;
    });
}

}  // namespace cbe::web::handlers
