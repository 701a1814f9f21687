// An organization's owners manage it: change members' roles, remove members, read the audit
// log. The last owner can neither step down nor be removed (the store checks that in the same
// statement as the change).
#include <limits>
#include <variant>

#include "access/policy.hpp"
#include "store/organization_repository.hpp"
#include "web/forms.hpp"
#include "web/handlers/organization_access.hpp"
#include "web/handlers/organizations.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;

constexpr int kAuditPage = 50;
constexpr const char* kLastOwner =
    "An organization needs at least one owner. Make another member an owner first.";

enum class Change { kRole, kRemove };

Response change_member(Site& site, Request& request, Change change) {
    auto posted = organization_post(site, request, access::Action::kManageMembers);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    const auto& [form, who, org_id] = std::get<OrganizationPost>(posted);
    long long user_id = id_param(request, "user");
    store::OrganizationRepository orgs(site.database());
    auto member = site.accounts().user(user_id);
    std::string name = member ? member->name + " <" + member->email + ">" : "";
    Result<void> done;
    std::string detail;
    if (change == Change::kRole) {
        auto role = access::parse_role(form_value(form, "role"));
        if (!role) {
            return show_organization(site, request, who, "Choose one of the four roles.", 400);
        }
        done = orgs.change_role(org_id, user_id, *role);
        detail = name + " is now " + std::string(access::role_name(*role));
    } else {
        done = orgs.remove_member(org_id, user_id);
        detail = name;
    }
    if (!done) {
        if (done.error().code == ErrorCode::kConflict) {
            return show_organization(site, request, who, kLastOwner, 409);
        }
        return organization_failure(site, done.error(), request);
    }
    audit(site, request, change == Change::kRole ? "role-changed" : "member-removed", who.user.id,
          detail, org_id);
    // Owners who step down or leave may no longer manage, or even see, the organization.
    if (user_id == who.user.id && change == Change::kRemove) return redirect("/account");
    return redirect(organization_path(org_id) +
                    (change == Change::kRole ? "?done=role" : "?done=removed"));
}

Response audit_log_page(Site& site, Request& request) {
    auto who = signed_in(site, request);
    if (!who) return sign_in_first(request);
    long long org_id = id_param(request);
    auto role = role_allowing(site, org_id, *who, access::Action::kViewAuditLog);
    if (!role) return organization_failure(site, role.error(), request);
    long long before = parse_id(request.query_value("before"));
    if (before == 0) before = std::numeric_limits<long long>::max();
    store::OrganizationRepository orgs(site.database());
    auto org = orgs.find(org_id);
    // One more than a page, to know whether there is an older page.
    auto events = site.accounts().organization_audit(org_id, before, kAuditPage + 1);
    if (!org || !events) return failure_page(site, Error{ErrorCode::kUnavailable, ""}, request);
    bool more = events->size() > static_cast<size_t>(kAuditPage);
    bool older_page = !request.query_value("before").empty();
    if (more) events->pop_back();
    json::object model{{"title", "Audit log — " + org->name},
                       {"page", "account"},
                       {"name", org->name},
                       {"org_id", org_id},
                       {"events", audit_rows(*events)},
                       {"has_events", !events->empty()},
                       {"older", more ? events->back().id : 0},
                       {"has_older", more},
                       {"is_older_page", older_page},
                       {"has_pages", more || older_page}};
    return render_private(site, "organization_audit", std::move(model), request);
}

}  // namespace

void add_members(Site& site, Router& router) {
    constexpr bool kBlocking = true;
    router.add(
        Method::kPost, "/orgs/{id}/members/{user}/role",
        [&site](Request& r) { return change_member(site, r, Change::kRole); }, kBlocking);
    router.add(
        Method::kPost, "/orgs/{id}/members/{user}/remove",
        [&site](Request& r) { return change_member(site, r, Change::kRemove); }, kBlocking);
    router.add(
        Method::kGet, "/orgs/{id}/audit", [&site](Request& r) { return audit_log_page(site, r); },
        kBlocking);
}

}  // namespace cbe::web::handlers
