#include "web/handlers/assessment_access.hpp"

#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

report::AssessmentView view_of(const service::OpenedAssessment& a, const std::string& base) {
    return {a.roadmap.get(),
            a.audience,
            a.token,
            base,
            a.record.label,
            a.record.content_version,
            a.record.created_at,
            a.record.updated_at,
            &a.answers};
}

Response render_private(const Site& site, const std::string& page, boost::json::object model,
                        const Request& request, int status) {
    Response cookies;
    model["csrf"] = csrf_token(request, cookies, site.secure_cookies());
    Response response = site.render(page, model, request, status);
    for (auto& header : cookies.headers) response.headers.push_back(std::move(header));
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    return response;
}

Response redirect(const std::string& location) {
    Response response;
    response.status = 303;
    response.content_type = "text/plain; charset=utf-8";
    response.headers.emplace_back("Location", location);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

Response export_response(const service::OpenedAssessment& assessment, bool csv) {
    Response response;
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    std::string name = "cbe-roadmap-" + assessment.record.audience + "-" +
                       assessment.record.updated_at.substr(0, 10) + (csv ? ".csv" : ".json");
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    auto view = view_of(assessment);
    auto results = report::build_results(view);
    if (csv) {
        response.content_type = "text/csv; charset=utf-8";
        response.set_body(report::results_csv(results));
    } else {
        response.content_type = "application/json";
        response.set_body(boost::json::serialize(report::results_json(results)));
    }
    return response;
}

boost::json::object results_page(const report::Results& results) {
    auto model = report::results_model(results);
    model["summary"] = message_paragraph(results.summary);
    return model;
}

long long parse_id(std::string_view text) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string_view::npos) {
        return 0;
    }
    return std::stoll(std::string(text));
}

long long id_param(const Request& request, const std::string& name) {
    auto it = request.params.find(name);
    return it == request.params.end() ? 0 : parse_id(it->second);
}

bool wants_json(const Request& request) {
    return text::contains_ci(request.header("accept"), "application/json");
}

Response json_response(int status, const boost::json::object& body) {
    Response response;
    response.status = status;
    response.content_type = "application/json";
    response.headers.emplace_back("Cache-Control", "no-store");
    response.set_body(boost::json::serialize(body));
    return response;
}

std::variant<Form, Response> accepted_form(const Site& site, const Request& request) {
    auto form = parse_form(request);
    if (!form) {
        return site.error_page(400, "We could not read the form", form.error().message, request);
    }
    if (csrf_valid(request, *form, site.secure_cookies())) return std::move(*form);
    if (wants_json(request)) {
        return json_response(
            403, {{"saved", false}, {"error", "This page has expired. Reload it and try again."}});
    }
    return site.error_page(403, "This form has expired",
                           "For your security we could not accept this form: it is older than "
                           "your session, or cookies are turned off for this site. Go back, "
                           "reload the page and submit it again. Anything you saved before is "
                           "kept.",
                           request);
}

void remember(const Site& site, Response& response, const std::string& token) {
    set_cookie(response, kResumeCookie, token, {kResumeCookieSeconds, site.secure_cookies(), true});
}

}  // namespace cbe::web::handlers
