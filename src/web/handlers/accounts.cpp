// Accounts: sign up, sign in, sign out, change password. Each handler parses the form, calls
// one AccountService use case, and answers 303, or shows its form again with what was typed
// (never the password) and the error in words. Rules in docs/accounts.md.
#include <variant>

#include "access/policy.hpp"
#include "service/account_service.hpp"
#include "service/organization_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::AccountService;
using service::OrganizationService;

Response form_page(const Site& site, const std::string& page, json::object model,
                   const std::string& error, const Request& request, int status) {
    model["error"] = error;
    model["has_error"] = !error.empty();
    model["page"] = "account";
    return render_private(site, page, std::move(model), request, status);
}

// The form again with the error in words, or the error page when it is not about the form.
Response form_error(const Site& site, const std::string& page, json::object model,
                    const Error& error, const Request& request) {
    if (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal ||
        error.code == ErrorCode::kForbidden) {
        return site.error_response(error, request);
    }
    return Site::refused_form(
        form_page(site, page, std::move(model), message_text(error), request, 200), error);
}

Response sign_up_page(const Site& site, const AccountService& accounts, const Request& request) {
    std::string invitation = request.query_value("invitation");
    if (!accounts.may_sign_up(invitation)) {
        return site.error_response({ErrorCode::kForbidden, "account.sign-up-closed"}, request);
    }
    return form_page(site, "sign_up", {{"title", "Create an account"}, {"invitation", invitation}},
                     "", request, 200);
}

Response sign_up(const Site& site, const AccountService& accounts, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    service::SignUpInput input{form_value(form, "email"), form_value(form, "name"),
                               form_value(form, "password"), form_value(form, "invitation")};
    json::object again{{"title", "Create an account"},
                       {"email", input.email},
                       {"name", input.name},
                       {"invitation", input.invitation}};
    auto started = accounts.sign_up(input, caller_of(request));
    if (!started) return form_error(site, "sign_up", std::move(again), started.error(), request);
    Response response = redirect(started->joined_organization
                                     ? "/orgs/" + std::to_string(started->joined_organization)
                                     : "/account");
    set_session_cookie(site, response, started->token);
    return response;
}

Response sign_in_page(const Site& site, const Request& request) {
    return form_page(site, "sign_in",
                     {{"title", "Sign in"},
                      {"next", safe_next(request.query_value("next"))},
                      {"password_reset", request.query_value("reset") == "1"}},
                     "", request, 200);
}

Response sign_in(const Site& site, const AccountService& accounts, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    std::string next = safe_next(form_value(form, "next"));
    json::object again{{"title", "Sign in"}, {"email", form_value(form, "email")}, {"next", next}};
    auto started = accounts.sign_in(form_value(form, "email"), form_value(form, "password"),
                                    cookie(request, kSessionCookie, site.secure_cookies()),
                                    caller_of(request));
    if (!started) return form_error(site, "sign_in", std::move(again), started.error(), request);
    Response response = redirect(next);
    set_session_cookie(site, response, started->token);
    return response;
}

Response sign_out(const Site& site, const AccountService& accounts, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    if (auto who = signed_in(site, accounts, request)) accounts.sign_out(*who, caller_of(request));
    Response response = redirect("/");
    clear_session_cookie(site, response);
    return response;
}

json::object account_model(const AccountService& accounts, const OrganizationService& orgs,
                           const service::SignedIn& who) {
    json::array events, organizations;
    if (auto overview = accounts.overview(who)) {
        events = audit_rows(overview->events);
        for (const auto& m : overview->memberships) {
            organizations.push_back(json::object{{"id", m.organization.id},
                                                 {"name", m.organization.name},
                                                 {"role", std::string(access::role_name(m.role))}});
        }
    }
    return {{"title", "Your account"},
            {"name", who.user.name},
            {"email", who.user.email},
            {"events", events},
            {"organizations", organizations},
            {"has_organizations", !organizations.empty()},
            // Without an organization: create one (when allowed), or how to be invited.
            {"may_create_organization", orgs.may_create()}};
}

Response account(const Site& site, const AccountService& accounts, const OrganizationService& orgs,
                 const Request& request) {
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    return form_page(site, "account", account_model(accounts, orgs, *who), "", request, 200);
}

Response change_password(const Site& site, const AccountService& accounts,
                         const OrganizationService& orgs, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    auto started = accounts.change_password(*who, form_value(form, "current_password"),
                                            form_value(form, "new_password"), caller_of(request));
    if (!started) {
        return form_error(site, "account", account_model(accounts, orgs, *who), started.error(),
                          request);
    }
    Response response = redirect("/account?changed=1");
    set_session_cookie(site, response, started->token);
    return response;
}

}  // namespace

void add_accounts(Site& site, Router& router, const AccountService& accounts,
                  const OrganizationService& organizations) {
    constexpr bool kBlocking = true;  // all of these read or write accounts
    const auto& s = site;
    const auto& a = accounts;
    const auto& o = organizations;
    // Blocking too: with ?invitation= it looks the invitation up in the database.
    router.add(
        Method::kGet, "/sign-up", [&s, &a](Request& r) { return sign_up_page(s, a, r); },
        kBlocking);
    router.add(
        Method::kPost, "/sign-up", [&s, &a](Request& r) { return sign_up(s, a, r); }, kBlocking);
    router.add(Method::kGet, "/sign-in", [&s](Request& r) { return sign_in_page(s, r); });
    router.add(
        Method::kPost, "/sign-in", [&s, &a](Request& r) { return sign_in(s, a, r); }, kBlocking);
    router.add(
        Method::kPost, "/sign-out", [&s, &a](Request& r) { return sign_out(s, a, r); }, kBlocking);
    router.add(
        Method::kGet, "/account", [&s, &a, &o](Request& r) { return account(s, a, o, r); },
        kBlocking);
    router.add(
        Method::kPost, "/account/password",
        [&s, &a, &o](Request& r) { return change_password(s, a, o, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
