// Accounts: sign up, sign in (throttled, generic messages), sign out, change password.
// Rules in docs/accounts.md. Every post is CSRF-checked and answers 303, or shows its form
// again with what was typed (never the password) and an error.
#include <spdlog/spdlog.h>

#include <variant>

#include "access/policy.hpp"
#include "accounts/rules.hpp"
#include "core/crypto.hpp"
#include "store/organization_repository.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;

constexpr const char* kBadCredentials = "The email or password is not right.";

Response form_page(const Site& site, const std::string& page, json::object model,
                   const std::string& error, const Request& request, int status) {
    model["error"] = error;
    model["has_error"] = !error.empty();
    model["page"] = "account";
    return render_private(site, page, std::move(model), request, status);
}

// Sign-up is open, or (on an invitation-only site) allowed with a valid invitation.
bool may_sign_up(const Site& site, const std::string& invitation) {
    return site.sign_up_open() || (!invitation.empty() && open_invitation(site, invitation));
}

Response sign_up_page(Site& site, Request& request) {
    std::string invitation = request.query_value("invitation");
    if (!may_sign_up(site, invitation)) {
        return site.error_page(403, "Sign-up is by invitation",
                               "This site creates accounts by invitation only. Ask an organization "
                               "owner for an invitation link.",
                               request);
    }
    return form_page(site, "sign_up", {{"title", "Create an account"}, {"invitation", invitation}},
                     "", request, 200);
}

Response sign_up(Site& site, Request& request) {
    // (The invitation is read from the form once it has passed its CSRF check, below.)
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    std::string email_in = form_value(form, "email"), name_in = form_value(form, "name");
    std::string invitation = form_value(form, "invitation");
    if (!may_sign_up(site, invitation)) return sign_up_page(site, request);
    json::object again{{"title", "Create an account"},
                       {"email", email_in},
                       {"name", name_in},
                       {"invitation", invitation}};
    auto email = accounts::normalize_email(email_in);
    auto name = accounts::validate_name(name_in);
    std::string password = form_value(form, "password");
    Result<void> password_ok = email ? accounts::validate_password(password, *email)
                                     : accounts::validate_password(password, "");
    if (!email || !name || !password_ok) {
        std::string error = !email  ? email.error().message
                            : !name ? name.error().message
                                    : password_ok.error().message;
        return form_page(site, "sign_up", again, error, request, 400);
    }
    auto hash = crypto::hash_password(password, site.password_cost());
    if (!hash) return failure_page(site, hash.error(), request);
    auto user = site.accounts().create_user(*email, *name, *hash, site.now());
    if (!user && user.error().code == ErrorCode::kConflict) {
        // Do not reveal that the address has an account; point to sign-in instead.
        return form_page(site, "sign_up", again,
                         "We could not create an account with these details. If you already have "
                         "one, sign in instead.",
                         request, 400);
    }
    if (!user) return failure_page(site, user.error(), request);
    std::string next = "/account";
    if (!invitation.empty()) {
        // Joining through the invitation that let this person sign up.
        if (auto joined = join_through_invitation(site, request, invitation, user->id)) {
            next = "/orgs/" + std::to_string(joined->organization_id);
        }
    }
    Response response = redirect(next);
    if (auto ok = start_session(site, user->id, response); !ok)
        return failure_page(site, ok.error(), request);
    audit(site, request, "sign-up", user->id, "");
    return response;
}

// How long `key` must still wait before another attempt (zero when it may try now).
std::chrono::seconds wait_for(const Site& site, const std::string& key) {
    auto record = site.accounts().failures(key);
    if (!record || !*record) return std::chrono::seconds(0);
    auto last = parse_iso8601((*record)->second);
    if (!last) return std::chrono::seconds(0);
    auto until = *last + accounts::throttle_delay((*record)->first);
    // Round up: failure times are kept to the second, and a wait of 0.4 s is still a wait.
    auto left = std::chrono::ceil<std::chrono::seconds>(until - site.clock()());
    return left.count() > 0 ? left : std::chrono::seconds(0);
}

Response sign_in(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    std::string email_in = form_value(form, "email");
    std::string next = safe_next(form_value(form, "next"));
    json::object again{{"title", "Sign in"}, {"email", email_in}, {"next", next}};
    std::string email = accounts::normalize_email(email_in).value_or(email_in);
    const std::string account_key = "email:" + email, address_key = "ip:" + client_address(request);
    auto wait = std::max(wait_for(site, account_key), wait_for(site, address_key));
    if (wait.count() > 0) {
        audit(site, request, "sign-in-throttled", 0, email);
        Response r =
            form_page(site, "sign_in", again,
                      "Too many attempts. Wait " + std::to_string(wait.count()) +
                          (wait.count() == 1 ? " second" : " seconds") + ", then try again.",
                      request, 429);
        r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
        return r;
    }
    auto user = site.accounts().find_user(email);
    if (!user && user.error().code != ErrorCode::kNotFound)
        return failure_page(site, user.error(), request);
    // Verify against a stand-in hash when there is no such account, so timing does not tell.
    static const std::string stand_in =
        crypto::hash_password("stand-in", site.password_cost()).value_or("");
    bool ok = crypto::verify_password(user ? user->password_hash : stand_in,
                                      form_value(form, "password"));
    if (!user || !ok || user->disabled) {
        (void)site.accounts().record_failure(account_key, site.now());
        (void)site.accounts().record_failure(address_key, site.now());
        audit(site, request, "sign-in-failed", user ? user->id : 0, email);
        return form_page(site, "sign_in", again, kBadCredentials, request, 400);
    }
    (void)site.accounts().clear_failures(account_key);
    (void)site.accounts().clear_failures(address_key);
    // A new session id at sign-in; any session the browser had before is ended (fixation).
    std::string previous = cookie(request, kSessionCookie);
    if (crypto::looks_like_token(previous))
        (void)site.accounts().delete_session(crypto::token_hash(previous));
    Response response = redirect(next);
    if (auto started = start_session(site, user->id, response); !started) {
        return failure_page(site, started.error(), request);
    }
    audit(site, request, "sign-in", user->id, "");
    return response;
}

Response sign_out(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(site, request);
    if (who) {
        (void)site.accounts().delete_session(who->session_hash);
        audit(site, request, "sign-out", who->user.id, "");
    }
    Response response = redirect("/");
    clear_session_cookie(site, response);
    return response;
}

json::object account_model(const Site& site, const SignedIn& who) {
    json::array events;
    if (auto entries = site.accounts().audit_entries(who.user.id, 10))
        events = audit_rows(*entries);
    json::array organizations;
    store::OrganizationRepository orgs(site.database());
    auto memberships =
        orgs.memberships_of(who.user.id).value_or(std::vector<store::MembershipRecord>{});
    for (const auto& m : memberships) {
        organizations.push_back(json::object{{"id", m.organization.id},
                                             {"name", m.organization.name},
                                             {"role", std::string(access::role_name(m.role))}});
    }
    return {{"title", "Your account"},        {"name", who.user.name},
            {"email", who.user.email},        {"events", events},
            {"organizations", organizations}, {"has_organizations", !organizations.empty()}};
}

Response account(Site& site, Request& request) {
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    return form_page(site, "account", account_model(site, *who), "", request, 200);
}

Response change_password(Site& site, Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    if (!crypto::verify_password(who->user.password_hash, form_value(form, "current_password"))) {
        audit(site, request, "password-change-failed", who->user.id, "");
        return form_page(site, "account", account_model(site, *who),
                         "Your current password is not right.", request, 400);
    }
    std::string password = form_value(form, "new_password");
    if (auto ok = accounts::validate_password(password, who->user.email); !ok) {
        return form_page(site, "account", account_model(site, *who), ok.error().message, request,
                         400);
    }
    auto hash = crypto::hash_password(password, site.password_cost());
    if (!hash) return failure_page(site, hash.error(), request);
    if (auto ok = site.accounts().set_password(who->user.id, *hash); !ok)
        return failure_page(site, ok.error(), request);
    // Every other session ends; this browser gets a new one.
    (void)site.accounts().delete_sessions_of(who->user.id);
    Response response = redirect("/account?changed=1");
    if (auto ok = start_session(site, who->user.id, response); !ok)
        return failure_page(site, ok.error(), request);
    audit(site, request, "password-changed", who->user.id, "");
    return response;
}

}  // namespace

void add_accounts(Site& site, Router& router) {
    constexpr bool kBlocking = true;  // all of these read or write accounts
    // Blocking too: with ?invitation= it looks the invitation up in the database.
    router.add(
        Method::kGet, "/sign-up", [&site](Request& r) { return sign_up_page(site, r); }, kBlocking);
    router.add(
        Method::kPost, "/sign-up", [&site](Request& r) { return sign_up(site, r); }, kBlocking);
    router.add(Method::kGet, "/sign-in", [&site](Request& r) {
        return form_page(site, "sign_in",
                         {{"title", "Sign in"}, {"next", safe_next(r.query_value("next"))}}, "", r,
                         200);
    });
    router.add(
        Method::kPost, "/sign-in", [&site](Request& r) { return sign_in(site, r); }, kBlocking);
    router.add(
        Method::kPost, "/sign-out", [&site](Request& r) { return sign_out(site, r); }, kBlocking);
    router.add(
        Method::kGet, "/account", [&site](Request& r) { return account(site, r); }, kBlocking);
    router.add(
        Method::kPost, "/account/password",
        [&site](Request& r) { return change_password(site, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
