// Shared by the handlers: private pages with a CSRF token, redirects, posted forms, JSON
// answers for autosave, ids in paths, and assessment exports. Internal to web/handlers.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <variant>
#include <vector>

#include "report/results.hpp"
#include "service/assessment_service.hpp"
#include "web/forms.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

// The private links this browser has opened, newest first, in one cookie. Why a cookie and not
// localStorage: the list must work without JavaScript, and only the browser can hold the links
// (the database keeps only their hashes, so the server could not show a link it was not sent).
// Why that is safe enough: the cookie is HttpOnly (no script, injected or not, reads it),
// SameSite=Lax, __Host-/Secure behind HTTPS, and never logged (the access log writes the route
// with secret parameters masked and no headers); it holds at most kRememberedMax links, which
// the visitor can forget from the list. The older one-link cookie (cbe_resume) is still read.
inline constexpr const char* kRememberedCookie = "cbe_assessments";
inline constexpr const char* kResumeCookie = "cbe_resume";
inline constexpr int kResumeCookieSeconds = 365 * 24 * 3600;
inline constexpr size_t kRememberedMax = 20;

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

enum class ExportFormat { kCsv, kJson, kXlsx };
// " as CSV", " as JSON", " as XLSX": the audit log's words for a download.
std::string export_audit_suffix(ExportFormat format);
// The assessment's results as a CSV, JSON or Excel (.xlsx) download.
Response export_response(const service::OpenedAssessment& assessment, ExportFormat format);
inline Response export_response(const service::OpenedAssessment& assessment, bool csv) {
    return export_response(assessment, csv ? ExportFormat::kCsv : ExportFormat::kJson);
}
// Marks `response` as a file to save, never cached or indexed: `file_name` is ours (no quotes).
void as_download(Response& response, const std::string& file_name);
// The results page's model: the report's, with the summary worded by the message table.
boost::json::object results_page(const report::Results& results);

bool wants_json(const Request& request);
Response json_response(int status, const boost::json::object& body);
// The posted form, or the answer refusing it: 400 when unreadable, 403 (a page, or JSON for
// autosave) when its CSRF token does not match. Nothing has changed in either case.
std::variant<Form, Response> accepted_form(const Site& site, const Request& request);
// The private links this browser remembers, newest first (well-formed ones only).
std::vector<std::string> remembered_tokens(const Site& site, const Request& request);
// Puts `token` first in the browser's list (a Set-Cookie only when the list changes).
void remember(const Site& site, const Request& request, Response& response,
              const std::string& token);
// Sets the browser's list to `tokens` (and retires the older one-link cookie).
void remember_only(const Site& site, const Request& request, Response& response,
                   const std::vector<std::string>& tokens);

}  // namespace cbe::web::handlers
