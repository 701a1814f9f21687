#include "web/handlers/account_access.hpp"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "core/text.hpp"
#include "report/dates.hpp"
#include "service/audit.hpp"
#include "web/forms.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

std::optional<service::SignedIn> signed_in(const Site& site,
                                           const service::AccountService& accounts,
                                           const Request& request) {
    auto who = accounts.signed_in(cookie(request, kSessionCookie, site.secure_cookies()));
    request.viewer_name = who ? who->user.name : std::string();
    return who;
}

void set_session_cookie(const Site& site, Response& response, const std::string& token) {
    int max_age = static_cast<int>(std::chrono::seconds(service::kSessionAbsolute).count());
    set_cookie(response, kSessionCookie, token, {max_age, site.secure_cookies(), true});
}

void clear_session_cookie(const Site& site, Response& response) {
    set_cookie(response, kSessionCookie, "", {0, site.secure_cookies(), true});
}

Response sign_in_first(const Request& request) {
    if (request.method != Method::kGet) return redirect("/sign-in");
    auto encoded = boost::urls::encode(request.target, boost::urls::unreserved_chars + '/');
    return redirect("/sign-in?next=" + encoded);
}

std::string safe_next(std::string_view next) {
    bool local = next.size() > 1 && next.size() <= 1000 && next[0] == '/' && next[1] != '/' &&
                 next[1] != '\\' && text::is_valid_utf8(next) &&
                 std::none_of(next.begin(), next.end(), [](char c) {
                     return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                 });
    return local ? std::string(next) : "/account";
}

service::Caller caller_of(const Request& request) {
    return {request.client_address(), request.client_gone};
}

boost::json::array audit_rows(const std::vector<store::LoggedEvent>& events) {
    boost::json::array rows;
    for (const auto& e : events) {
        // Words from the message table ("audit.sign-in"); an unknown code is shown as stored.
        std::string what = message_text("audit." + e.entry.event);
        // Repeats are counted on one entry (service/audit.hpp): say how often, and when last.
        std::string repeated =
            e.repeats > 1 ? message_text(Message{"audit-log.repeated",
                                                 e.repeats - 1,
                                                 {{"last", report::readable_date_time(e.last_at)}}})
                          : "";
        rows.push_back(boost::json::object{{"at", report::readable_date_time(e.entry.at)},
                                           {"what", what.empty() ? e.entry.event : what},
                                           {"who", e.actor.empty() ? "—" : e.actor},
                                           {"detail", e.entry.detail},
                                           {"repeated", repeated},
                                           {"has_repeated", !repeated.empty()},
                                           {"address", e.entry.address}});
    }
    return rows;
}

}  // namespace cbe::web::handlers
