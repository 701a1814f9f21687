// Shared by the handlers: private pages with a CSRF token, redirects, posted forms, JSON
// answers for autosave, ids in paths, and assessment exports. Internal to web/handlers.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <variant>

#include "report/results.hpp"
#include "service/assessment_service.hpp"
#include "web/forms.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

inline constexpr const char* kResumeCookie = "cbe_resume";
inline constexpr int kResumeCookieSeconds = 365 * 24 * 3600;

// What the report layer needs of an opened assessment; `base` is where its pages live
// ("/a/<token>" when empty).
report::AssessmentView view_of(const service::OpenedAssessment& assessment,
                               const std::string& base = "");

// Renders a page with a CSRF token for its forms; never cached, never indexed.
Response render_private(const Site& site, const std::string& page, boost::json::object model,
                        const Request& request, int status = 200);
Response redirect(const std::string& location);

// A database id written in decimal (1 to 18 digits), or 0 — which names nothing — otherwise.
long long parse_id(std::string_view text);
// A numeric path parameter, or 0 when absent or not a number.
long long id_param(const Request& request, const std::string& name = "id");

// The assessment's results as a CSV or JSON download.
Response export_response(const service::OpenedAssessment& assessment, bool csv);
// The results page's model: the report's, with the summary worded by the message table.
boost::json::object results_page(const report::Results& results);

bool wants_json(const Request& request);
Response json_response(int status, const boost::json::object& body);
// The posted form, or the answer refusing it: 400 when unreadable, 403 (a page, or JSON for
// autosave) when its CSRF token does not match. Nothing has changed in either case.
std::variant<Form, Response> accepted_form(const Site& site, const Request& request);
void remember(const Site& site, Response& response, const std::string& token);

}  // namespace cbe::web::handlers
