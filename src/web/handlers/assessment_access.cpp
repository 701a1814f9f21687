#include "web/handlers/assessment_access.hpp"

#include <boost/json/serialize.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "report/assessment_models.hpp"
#include "web/forms.hpp"

namespace cbe::web::handlers {

Result<LoadedAssessment> load_assessment(const Site& site, const Request& request,
                                         bool with_answers) {
    auto it = request.params.find("token");
    std::string token = it == request.params.end() ? "" : it->second;
    if (!crypto::looks_like_token(token)) return fail(ErrorCode::kNotFound, "no such assessment");
    auto record = site.assessments().find(crypto::token_hash(token));
    if (!record) return tl::unexpected(record.error());
    auto roadmap = site.content().version(record->content_version);
    if (!roadmap) return tl::unexpected(roadmap.error());
    const content::Audience* audience = (*roadmap)->audience(record->audience);
    if (!audience) return fail(ErrorCode::kInternal, "unknown audience " + record->audience);
    LoadedAssessment loaded{token, std::move(*record), *roadmap, audience, {}, ""};
    if (with_answers) {
        if (auto ok = load_answers(site, loaded); !ok) return tl::unexpected(ok.error());
    }
    return loaded;
}

Result<void> load_answers(const Site& site, LoadedAssessment& assessment) {
    auto answers = site.assessments().answers(assessment.record.id);
    if (!answers) return tl::unexpected(answers.error());
    assessment.answers = std::move(*answers);
    return {};
}

Response failure_page(const Site& site, const Error& error, const Request& request) {
    Response response;
    switch (error.code) {
        case ErrorCode::kNotFound:
            response = site.error_page(404, "We could not find this assessment",
                                       "The link may be incomplete, or the assessment may have "
                                       "been deleted. Check the link you saved, or start a new "
                                       "assessment from a pathway.",
                                       request);
            break;
        case ErrorCode::kUnavailable:
            response = site.error_page(503, "The service is busy",
                                       "We could not reach your saved answers just now. Nothing "
                                       "you saved earlier is lost. Please try again in a minute.",
                                       request);
            response.headers.emplace_back("Retry-After", "30");
            break;
        default:
            response = site.error_page(500, "Something went wrong",
                                       "Something went wrong on our side. Your saved answers are "
                                       "safe. Please try again.",
                                       request);
    }
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    return response;
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

Response export_response(const LoadedAssessment& assessment, bool csv) {
    Response response;
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    std::string name = "cbe-roadmap-" + assessment.record.audience + "-" +
                       assessment.record.updated_at.substr(0, 10) + (csv ? ".csv" : ".json");
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    if (csv) {
        response.content_type = "text/csv; charset=utf-8";
        response.set_body(report::results_csv(assessment.view()));
    } else {
        response.content_type = "application/json";
        response.set_body(boost::json::serialize(report::results_json(assessment.view())));
    }
    return response;
}

long long parse_id(std::string_view text) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string_view::npos) {
        return 0;
    }
    return std::stoll(std::string(text));
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
    if (csrf_valid(request, *form)) return std::move(*form);
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
