// Forgotten passwords: "Forgot your password?" on the sign-in page leads to a form for the
// email address; the answer is the same whether or not it has an account. The emailed link
// opens a form for the new password; setting it signs the account out everywhere and sends
// the browser to sign in. Rules in docs/accounts.md ("Password reset").
#include <variant>

#include "service/password_reset_service.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::PasswordResetService;

Response page(const Site& site, const std::string& name, json::object model, const Request& request,
              int status = 200) {
    model["page"] = "account";
    return render_private(site, name, std::move(model), request, status);
}

// The form again with the error beside its one field, or the error page when the error is not
// about what was typed.
Response refused(const Site& site, const std::string& name, json::object model, const Error& error,
                 const Request& request) {
    if (error.code != ErrorCode::kInvalidInput && error.code != ErrorCode::kRateLimited) {
        return site.error_response(error, request);
    }
    model["error"] = message_text(error);
    model["has_error"] = true;
    model["field_error"] = error.code == ErrorCode::kInvalidInput;
    return Site::refused_form(page(site, name, std::move(model), request), error);
}

Response gone(const Site& site, const Request& request) {
    return page(site, "password_reset_gone", {{"title", "This link cannot be used"}}, request, 404);
}

Response forgot_page(const Site& site, const PasswordResetService& resets, const Request& request) {
    return page(site, "password_forgot",
                {{"title", "Reset your password"},
                 {"available", resets.available()},
                 {"sent", request.query_value("sent") == "1"}},
                request);
}

Response forgot(const Site& site, const PasswordResetService& resets, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refusal = std::get_if<Response>(&checked)) return std::move(*refusal);
    const Form& form = std::get<Form>(checked);
    std::string email = form_value(form, "email");
    auto asked = resets.request(email, caller_of(request));
    if (!asked) {
        return refused(site, "password_forgot",
                       {{"title", "Reset your password"}, {"available", true}, {"email", email}},
                       asked.error(), request);
    }
    return redirect("/password-reset?sent=1");
}

Response reset_page(const Site& site, const PasswordResetService& resets, const Request& request) {
    const std::string& token = request.params.at("reset");
    if (auto open = resets.check(token); !open) {
        return open.error().code == ErrorCode::kNotFound
                   ? gone(site, request)
                   : site.error_response(open.error(), request);
    }
    return page(site, "password_reset", {{"title", "Choose a new password"}, {"token", token}},
                request);
}

Response reset(const Site& site, const PasswordResetService& resets, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refusal = std::get_if<Response>(&checked)) return std::move(*refusal);
    const Form& form = std::get<Form>(checked);
    const std::string& token = request.params.at("reset");
    auto done = resets.reset(token, form_value(form, "password"), caller_of(request));
    if (!done && done.error().code == ErrorCode::kNotFound) return gone(site, request);
    if (!done) {
        return refused(site, "password_reset",
                       {{"title", "Choose a new password"}, {"token", token}}, done.error(),
                       request);
    }
    // Every session of the account ended with the change, this browser's too (if it had one).
    Response response = redirect("/sign-in?reset=1");
    clear_session_cookie(site, response);
    return response;
}

}  // namespace

void add_password_resets(Site& site, Router& router, const PasswordResetService& resets) {
    constexpr bool kBlocking = true;  // these read or write the database
    const auto& s = site;
    const auto& p = resets;
    router.add(Method::kGet, "/password-reset",
               [&s, &p](Request& r) { return forgot_page(s, p, r); });
    router.add(
        Method::kPost, "/password-reset", [&s, &p](Request& r) { return forgot(s, p, r); },
        kBlocking);
    router.add(
        Method::kGet, "/password-reset/{reset}",
        [&s, &p](Request& r) { return reset_page(s, p, r); }, kBlocking);
    router.add(
        Method::kPost, "/password-reset/{reset}", [&s, &p](Request& r) { return reset(s, p, r); },
        kBlocking);
}

}  // namespace cbe::web::handlers
