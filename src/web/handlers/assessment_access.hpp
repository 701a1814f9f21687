// Shared by the assessment handlers: finding an assessment by its private token, and answering
// failures with clear pages. Internal to web/handlers.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <variant>
#include <vector>

#include "report/assessment_models.hpp"
#include "store/assessment_repository.hpp"
#include "web/forms.hpp"
#include "web/site.hpp"

namespace cbe::web::handlers {

inline constexpr const char* kResumeCookie = "cbe_resume";
inline constexpr int kResumeCookieSeconds = 365 * 24 * 3600;

struct LoadedAssessment {
    std::string token;
    store::AssessmentRecord record;
    content::RoadmapPtr roadmap;  // the version the assessment was made with
    const content::Audience* audience = nullptr;
    std::vector<assessment::Answer> answers;

    std::string base;  // set when opened through an organization

    report::AssessmentView view() const {
        return {roadmap.get(),
                audience,
                token,
                base,
                record.label,
                record.content_version,
                record.created_at,
                record.updated_at,
                &answers};
    }
};

// The assessment named by the request's {token}, with its content version, and its answers
// unless `with_answers` is false (load_answers() fetches them later).
Result<LoadedAssessment> load_assessment(const Site& site, const Request& request,
                                         bool with_answers = true);
Result<void> load_answers(const Site& site, LoadedAssessment& assessment);
// A page for a failure: 404 for an unknown link, 503 when the database is busy, else 500.
Response failure_page(const Site& site, const Error& error, const Request& request);
// Renders an assessment page with a CSRF token for its forms; never cached, never indexed.
Response render_private(const Site& site, const std::string& page, boost::json::object model,
                        const Request& request, int status = 200);
Response redirect(const std::string& location);

// A database id written in decimal (1 to 18 digits), or 0 — which names nothing — otherwise.
long long parse_id(std::string_view text);

// The assessment's results as a CSV or JSON download.
Response export_response(const LoadedAssessment& assessment, bool csv);

// Shared by every handler that takes a form post.
bool wants_json(const Request& request);
Response json_response(int status, const boost::json::object& body);
// The posted form, or the answer refusing it: 400 when unreadable, 403 (a page, or JSON for
// autosave) when its CSRF token does not match. Nothing has changed in either case.
std::variant<Form, Response> accepted_form(const Site& site, const Request& request);
void remember(const Site& site, Response& response, const std::string& token);

}  // namespace cbe::web::handlers
