// An organization's owners manage it: change members' roles, remove members, read the audit
// log. The rules (the last owner stays; links of a removed or demoted member are revoked) are
// OrganizationService's.
#include <variant>

#include "access/policy.hpp"
#include "service/organization_service.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organizations.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::AccountService;
using service::OrganizationService;

enum class Change { kRole, kRemove };

Response change_member(const Site& site, const AccountService& accounts,
                       const OrganizationService& organizations, const Request& request,
                       Change change) {
    auto posted = member_post(site, accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org] = std::get<MemberPost>(posted);
    long long user_id = id_param(request, "user");
    auto done =
        change == Change::kRole
            ? organizations.change_role(org, user_id, access::parse_role(form_value(form, "role")),
                                        who, caller_of(request))
            : organizations.remove(org, user_id, who, caller_of(request));
    if (!done) return organization_error(site, organizations, request, who, done.error());
    // Owners who step down or leave may no longer manage, or even see, the organization.
    if (user_id == who.user.id && change == Change::kRemove) return redirect("/account");
    return redirect(organization_path(org) +
                    (change == Change::kRole ? "?done=role" : "?done=removed"));
}

Response audit_log_page(const Site& site, const AccountService& accounts,
                        const OrganizationService& organizations, const Request& request) {
    auto who = signed_in(site, accounts, request);
    if (!who) return sign_in_first(request);
    long long org = id_param(request);
    auto page = organizations.audit_log(org, parse_id(request.query_value("before")), *who);
    if (!page) return site.error_response(page.error(), request);
    bool older_page = !request.query_value("before").empty();
    json::object model{{"title", "Audit log — " + page->organization.name},
                       {"page", "account"},
                       {"name", page->organization.name},
                       {"org_id", org},
                       {"events", audit_rows(page->events)},
                       {"has_events", !page->events.empty()},
                       {"older", page->older},
                       {"has_older", page->older != 0},
                       {"is_older_page", older_page},
                       {"has_pages", page->older != 0 || older_page}};
    return render_private(site, "organization_audit", std::move(model), request);
}

}  // namespace

void add_members(Site& site, Router& router, const AccountService& accounts,
                 const OrganizationService& organizations) {
    constexpr bool kBlocking = true;
    const auto& s = site;
    const auto& a = accounts;
    const auto& o = organizations;
    router.add(
        Method::kPost, "/orgs/{id}/members/{user}/role",
        [&s, &a, &o](Request& r) { return change_member(s, a, o, r, Change::kRole); }, kBlocking);
    router.add(
        Method::kPost, "/orgs/{id}/members/{user}/remove",
        [&s, &a, &o](Request& r) { return change_member(s, a, o, r, Change::kRemove); }, kBlocking);
    router.add(
        Method::kGet, "/orgs/{id}/audit",
        [&s, &a, &o](Request& r) { return audit_log_page(s, a, o, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
