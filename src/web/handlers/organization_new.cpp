// Creating an organization on the web: anyone signed in (or, when the instance says so, only
// operators on the command line). The creator becomes its owner; they may put it under an
// organization they own. Rules in docs/accounts.md ("Organizations").
#include <variant>

#include "service/account_service.hpp"
#include "service/organization_service.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organizations.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::AccountService;
using service::OrganizationService;

// What was typed (or nothing), and the error beside the field it is about.
struct Typed {
    std::string name;
    std::string kind;
    long long parent = 0;
};

json::object form_model(const OrganizationService& organizations, const service::SignedIn& who,
                        const Typed& typed) {
    json::array kinds, parents;
    for (auto kind : access::kOrganizationKinds) {
        kinds.push_back(
            json::object{{"value", kind},
                         {"label", message_text("organization.kind." + std::string(kind))},
                         {"selected", kind == typed.kind}});
    }
    for (const auto& p :
         organizations.parent_choices(who).value_or(std::vector<store::OrganizationRecord>{})) {
        parents.push_back(
            json::object{{"id", p.id}, {"name", p.name}, {"selected", p.id == typed.parent}});
    }
    return {{"title", "Create an organization"},
            {"page", "account"},
            {"name", typed.name},
            {"kinds", kinds},
            {"parents", parents},
            {"has_parents", !parents.empty()},
            {"no_parent", typed.parent == 0}};
}

Response closed(const Site& site, const Request& request) {
    return site.error_response({ErrorCode::kForbidden, "organization.creation-closed"}, request);
}

Response new_page(const Site& site, const AccountService& accounts,
                  const OrganizationService& organizations, const Request& request) {
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    if (!organizations.may_create()) return closed(site, request);
    return render_private(site, "organization_new", form_model(organizations, *who, {}), request);
}

Response create(const Site& site, const AccountService& accounts,
                const OrganizationService& organizations, const Request& request) {
    auto checked = accepted_form(site, request);
    if (auto* refusal = std::get_if<Response>(&checked)) return std::move(*refusal);
    const Form& form = std::get<Form>(checked);
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    Typed typed{form_value(form, "name"), form_value(form, "kind"),
                parse_id(form_value(form, "parent"))};
    auto made =
        organizations.create({typed.name, typed.kind, typed.parent}, *who, caller_of(request));
    if (made) return redirect(organization_path(*made) + "?done=created");
    const Error& error = made.error();
    if (error.code == ErrorCode::kForbidden) return closed(site, request);
    if (error.code != ErrorCode::kInvalidInput && error.code != ErrorCode::kRateLimited) {
        return site.error_response(error, request);
    }
    json::object model = form_model(organizations, *who, typed);
    model["error"] = message_text(error);
    model["has_error"] = true;
    model["name_error"] = error.field == "name";
    model["kind_error"] = error.field == "kind";
    model["parent_error"] = error.field == "parent";
    return Site::refused_form(render_private(site, "organization_new", std::move(model), request),
                              error);
}

}  // namespace

void add_organization_creation(Site& site, Router& router, const AccountService& accounts,
                               const OrganizationService& organizations) {
    constexpr bool kBlocking = true;
    const auto& s = site;
    const auto& a = accounts;
    const auto& o = organizations;
    // Before /orgs/{id} (added by add_organizations): the router takes the first match.
    router.add(
        Method::kGet, "/orgs/new", [&s, &a, &o](Request& r) { return new_page(s, a, o, r); },
        kBlocking);
    router.add(
        Method::kPost, "/orgs", [&s, &a, &o](Request& r) { return create(s, a, o, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
