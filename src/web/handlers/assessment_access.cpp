#include "web/handlers/assessment_access.hpp"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "report/results_xlsx.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

report::AssessmentView view_of(const service::OpenedAssessment& a, const std::string& base) {
    report::AssessmentView v;
    v.roadmap = a.roadmap.get();
    v.audience = a.audience;
    v.token = a.token;
    v.base = base;
    v.label = a.record.label;
    v.content_version = a.record.content_version;
    v.created_at = a.record.created_at;
    v.updated_at = a.record.updated_at;
    v.answers = &a.answers;
    v.flags = &a.flags;
    v.organization_name = a.organization_name;
    v.school_year = a.record.school_year;
    if (a.token.empty()) v.organization_path = "/orgs/" + std::to_string(a.record.organization_id);
    v.read_only = !a.editable();
    return v;
}

Response render_private(const Site& site, const std::string& page, boost::json::object model,
                        const Request& request, int status) {
    Response cookies;
    model["csrf"] = csrf_token(request, cookies, site.secure_cookies());
    // The header's "signed in as" and sign-out button (layout.mustache).
    if (!request.viewer_name.empty()) model["viewer_name"] = request.viewer_name;
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

std::string export_audit_suffix(ExportFormat format) {
    switch (format) {
        case ExportFormat::kCsv:
            return " as CSV";
        case ExportFormat::kJson:
            return " as JSON";
        case ExportFormat::kXlsx:
            return " as XLSX";
    }
    return "";
}

void as_download(Response& response, const std::string& file_name) {
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + file_name + "\"");
}

Response export_response(const service::OpenedAssessment& assessment, ExportFormat format) {
    Response response;
    static constexpr std::array<const char*, 3> kExtensions = {".csv", ".json", ".xlsx"};
    as_download(response, "cbe-roadmap-" + assessment.record.audience + "-" +
                              assessment.record.updated_at.substr(0, 10) +
                              kExtensions.at(static_cast<size_t>(format)));
    auto view = view_of(assessment);
    auto results = report::build_results(view);
    switch (format) {
        case ExportFormat::kCsv:
            response.content_type = "text/csv; charset=utf-8";
            response.set_body(report::results_csv(results));
            break;
        case ExportFormat::kJson:
            response.content_type = "application/json";
            response.set_body(boost::json::serialize(report::results_json(results)));
            break;
        case ExportFormat::kXlsx:
            response.content_type = report::kXlsxContentType;
            response.set_body(report::results_xlsx(results));
            break;
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
    if (!form) return site.error_response(form.error(), request);
    if (csrf_valid(request, *form, site.secure_cookies())) return std::move(*form);
    if (wants_json(request)) {
        return json_response(403,
                             {{"saved", false}, {"error", message_text("form.expired-short")}});
    }
    return site.error_page(403, "form.expired.title", "form.expired", request);
}

std::vector<std::string> remembered_tokens(const Site& site, const Request& request) {
    std::vector<std::string> out;
    auto add = [&out](std::string_view token) {
        if (out.size() < kRememberedMax && crypto::looks_like_token(token) &&
            std::find(out.begin(), out.end(), token) == out.end()) {
            out.emplace_back(token);
        }
    };
    const std::string list = cookie(request, kRememberedCookie, site.secure_cookies());
    for (auto token : text::split(list, '.')) add(token);
    add(cookie(request, kResumeCookie, site.secure_cookies()));
    return out;
}

void remember_only(const Site& site, const Request& request, Response& response,
                   const std::vector<std::string>& tokens) {
    std::string value;
    for (size_t i = 0; i < tokens.size() && i < kRememberedMax; ++i) {
        value += (i ? "." : "") + tokens[i];
    }
    bool secure = site.secure_cookies();
    set_cookie(response, kRememberedCookie, value,
               {value.empty() ? 0 : kResumeCookieSeconds, secure, true});
    if (!cookie(request, kResumeCookie, secure).empty()) {
        set_cookie(response, kResumeCookie, "", {0, secure, true});
    }
}

void remember(const Site& site, const Request& request, Response& response,
              const std::string& token) {
    auto tokens = remembered_tokens(site, request);
    bool stored_first = !tokens.empty() && tokens.front() == token &&
                        cookie(request, kResumeCookie, site.secure_cookies()).empty();
    if (stored_first) return;
    tokens.erase(std::remove(tokens.begin(), tokens.end(), token), tokens.end());
    tokens.insert(tokens.begin(), token);
    if (tokens.size() > kRememberedMax) tokens.resize(kRememberedMax);
    remember_only(site, request, response, tokens);
}

}  // namespace cbe::web::handlers
