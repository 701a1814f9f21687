// Action plans (issue 12; docs/plans.md): GET a plan page, POST its priorities and actions.
// One set of routes under each place a plan lives: an assessment's private link, an
// organization's assessment, and a closed team session. Every form is a plain POST answered
// with a 303 redirect, or the page again with the error and what was typed.
#include "service/plan_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/plan_models.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

using service::PlanRef;
using service::PlanService;

struct Deps {
    const Site& site;
    const service::AccountService& accounts;
    const PlanService& plans;
};

std::vector<std::string> form_values(const Form& form, const std::string& name) {
    std::vector<std::string> out;
    auto [begin, end] = form.equal_range(name);
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
    return out;
}

service::ActionInput action_input(const Form& form) {
    service::ActionInput in;
    in.element_id = form_value(form, "element");
    in.description = form_value(form, "description");
    in.move = form_value(form, "move");
    in.owner = form_value(form, "owner");
    in.owner_name = form_value(form, "owner_name");
    in.due_date = form_value(form, "due_date");
    in.target_stage = form_value(form, "target_stage");
    in.status = form_value(form, "status");
    if (in.status.empty()) in.status = "not-started";
    in.notes = form_value(form, "notes");
    return in;
}

Response page(const Deps& d, const Request& request, PlanRef::Kind kind, const PlanForm* typed,
              const Error* error) {
    PlacementPlace place = placement_place(request, kind);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who && place.needs_account) return sign_in_first(request);
    auto plan = d.plans.page(place.ref, who ? &*who : nullptr);
    if (!plan) return d.site.error_response(plan.error(), request);
    auto model = plan_model(*plan, place.base + "/plan", place.results, typed);
    if (error) {
        model["error"] = message_text(*error);
        model["has_error"] = true;
    }
    return render_private(d.site, "plan", std::move(model), request,
                          error ? status_for(error->code) : 200);
}

Response report(const Deps& d, const Request& request, PlanRef::Kind kind, bool css) {
    PlacementPlace place = placement_place(request, kind);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who && place.needs_account) return sign_in_first(request);
    auto plan = d.plans.page(place.ref, who ? &*who : nullptr);
    if (!plan) return d.site.error_response(plan.error(), request);
    if (css) return report_stylesheet(*plan);
    return render_private(d.site, "report", report_model(*plan, place.base, place.results),
                          request);
}

// Runs a change; on bad input shows the page again with the error and what was typed.
template <typename Change>
Response change(const Deps& d, const Request& request, PlanRef::Kind kind, Change run) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const auto& form = std::get<Form>(checked);
    PlacementPlace place = placement_place(request, kind);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who && place.needs_account) return sign_in_first(request);
    PlanForm typed;
    Result<std::string> done = run(place.ref, who ? &*who : nullptr, form, typed);
    if (!done) {
        if (done.error().code == ErrorCode::kInvalidInput ||
            done.error().code == ErrorCode::kConflict) {
            return page(d, request, kind, &typed, &done.error());
        }
        return d.site.error_response(done.error(), request);
    }
    return redirect(place.base + "/plan" + *done);
}

void add_plan_routes(Router& router, const std::shared_ptr<Deps>& d, const std::string& base,
                     PlanRef::Kind kind) {
    constexpr bool kBlocking = true;
    router.add(
        Method::kGet, base + "/plan",
        [d, kind](Request& r) { return page(*d, r, kind, nullptr, nullptr); }, kBlocking);
    router.add(
        Method::kGet, base + "/plan.xlsx",
        [d, kind](Request& r) {
            PlacementPlace place = placement_place(r, kind);
            auto who = signed_in(d->site, d->accounts, r);
            if (!who && place.needs_account) return sign_in_first(r);
            auto plan = d->plans.page(place.ref, who ? &*who : nullptr);
            if (!plan) return d->site.error_response(plan.error(), r);
            return plan_workbook(*plan);
        },
        kBlocking);
    router.add(
        Method::kGet, base + "/report",
        [d, kind](Request& r) { return report(*d, r, kind, false); }, kBlocking);
    router.add(
        Method::kGet, base + "/report.css",
        [d, kind](Request& r) { return report(*d, r, kind, true); }, kBlocking);
    router.add(
        Method::kPost, base + "/plan/priorities",
        [d, kind](Request& r) {
            return change(*d, r, kind,
                          [&](const PlanRef& ref, const service::SignedIn* who, const Form& form,
                              PlanForm& typed) -> Result<std::string> {
                              typed.priorities = form_values(form, "element");
                              typed.priorities_typed = true;
                              auto ok = d->plans.set_priorities(ref, who, typed.priorities);
                              if (!ok) return tl::unexpected(ok.error());
                              return std::string("?done=priorities#actions");
                          });
        },
        kBlocking);
    router.add(
        Method::kPost, base + "/plan/actions",
        [d, kind](Request& r) {
            return change(*d, r, kind,
                          [&](const PlanRef& ref, const service::SignedIn* who, const Form& form,
                              PlanForm& typed) -> Result<std::string> {
                              typed.action = action_input(form);
                              auto id = d->plans.add_action(ref, who, typed.action);
                              if (!id) return tl::unexpected(id.error());
                              return "?done=action-added#action-" + std::to_string(*id);
                          });
        },
        kBlocking);
    router.add(
        Method::kPost, base + "/plan/actions/{action}",
        [d, kind](Request& r) {
            long long action = id_param(r, "action");
            return change(*d, r, kind,
                          [&](const PlanRef& ref, const service::SignedIn* who, const Form& form,
                              PlanForm& typed) -> Result<std::string> {
                              typed.action = action_input(form);
                              typed.action_id = action;
                              auto ok = d->plans.update_action(ref, who, action, typed.action);
                              if (!ok) return tl::unexpected(ok.error());
                              return "?done=action-saved#action-" + std::to_string(action);
                          });
        },
        kBlocking);
    router.add(
        Method::kPost, base + "/plan/actions/{action}/delete",
        [d, kind](Request& r) {
            long long action = id_param(r, "action");
            return change(*d, r, kind,
                          [&](const PlanRef& ref, const service::SignedIn* who, const Form&,
                              PlanForm&) -> Result<std::string> {
                              auto ok = d->plans.delete_action(ref, who, action);
                              if (!ok) return tl::unexpected(ok.error());
                              return std::string("?done=action-deleted#actions");
                          });
        },
        kBlocking);
}

}  // namespace

void add_plans(Site& site, Router& router, const service::AccountService& accounts,
               const PlanService& plans) {
    auto d = std::make_shared<Deps>(Deps{site, accounts, plans});
    add_plan_routes(router, d, "/a/{token}", PlanRef::Kind::kLink);
    add_plan_routes(router, d, "/orgs/{id}/assessments/{assessment}",
                    PlanRef::Kind::kOrganizationAssessment);
    add_plan_routes(router, d, "/sessions/{session}", PlanRef::Kind::kSession);
}

}  // namespace cbe::web::handlers
