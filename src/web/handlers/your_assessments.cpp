// "Your assessments": the private links this browser has opened (kept in an HttpOnly cookie,
// see assessment_access.hpp for why), the assessments of the visitor's organizations when
// signed in, opening one from a pasted link, and forgetting links on a shared computer.
#include <algorithm>
#include <variant>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "report/assessment_models.hpp"
#include "report/dates.hpp"
#include "service/account_service.hpp"
#include "service/assessment_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/routes.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

namespace json = boost::json;
using service::AccountService;
using service::AssessmentService;

// Longer than any link we make by far; past it a paste is refused before it is read.
constexpr size_t kMaxPastedLinkChars = 2000;

struct Deps {
    const Site& site;
    const AssessmentService& assessments;
    const AccountService& accounts;
};

// The token in a pasted private link ("https://…/a/<token>/e/…", "/a/<token>") or a bare token;
// empty when there is none.
std::string token_in(std::string_view pasted) {
    std::string_view text = text::trim(pasted);
    if (auto at = text.find("/a/"); at != std::string_view::npos) {
        text.remove_prefix(at + 3);
        text = text.substr(0, text.find_first_of("/?#"));
    }
    return crypto::looks_like_token(text) ? std::string(text) : "";
}

json::array remembered_rows(const Site& site,
                            const std::vector<service::RememberedAssessment>& remembered) {
    json::array rows;
    for (const auto& r : remembered) {
        bool read_only = r.record.link_access == "read" && r.record.organization_id != 0;
        rows.push_back(json::object{
            {"number", rows.size() + 1},
            {"token", r.token},
            {"name", report::display_name(r.record.label, r.audience, r.record.created_at)},
            {"name_for_label",
             report::display_name(r.record.label, r.audience, r.record.created_at)},
            {"pathway", r.audience ? r.audience->name : r.record.audience},
            {"updated_at", report::readable_date(r.record.updated_at)},
            {"private_link", site.absolute_url("/a/" + r.token)},
            {"organization_name", r.organization_name},
            {"held", !r.organization_name.empty()},
            {"read_only", read_only}});
    }
    return rows;
}

json::array organization_rows(const Site& site,
                              const std::vector<service::OrganizationAssessments>& held) {
    json::array out;
    for (const auto& o : held) {
        json::array assessments;
        for (const auto& a : o.assessments) {
            const auto* audience = site.roadmap().audience(a.audience);
            assessments.push_back(
                json::object{{"id", a.id},
                             {"org_id", o.organization.id},
                             {"name", report::display_name(a.label, audience, a.created_at)},
                             {"pathway", audience ? audience->name : a.audience},
                             {"updated_at", report::readable_date(a.updated_at)}});
        }
        out.push_back(json::object{{"id", o.organization.id},
                                   {"name", o.organization.name},
                                   {"assessments", assessments},
                                   {"has_assessments", !assessments.empty()}});
    }
    return out;
}

// The list page; `pasted` and `error` show a refused paste again, with what was typed (its
// status set by Site::refused_form).
Response list_page(const Deps& d, const Request& request, const std::string& pasted = "",
                   const std::string& error = "") {
    auto tokens = remembered_tokens(d.site, request);
    auto remembered = d.assessments.remembered(tokens);
    if (!remembered) return d.site.error_response(remembered.error(), request);
    json::object model{{"title", "Your assessments"},
                       {"page", "assessment"},
                       {"remembered", remembered_rows(d.site, *remembered)},
                       {"has_remembered", !remembered->empty()},
                       {"pasted", pasted},
                       {"error", error},
                       {"has_error", !error.empty()}};
    auto who = signed_in(d.site, d.accounts, request);
    model["signed_in"] = who.has_value();
    if (who) {
        auto held = d.assessments.in_organizations(*who);
        if (!held) return d.site.error_response(held.error(), request);
        model["organizations"] = organization_rows(d.site, *held);
        model["has_organizations"] = !held->empty();
    }
    Response response = render_private(d.site, "your_assessments", std::move(model), request);
    // Links that no longer open anything (deleted since) drop out of the browser's list.
    if (remembered->size() != tokens.size()) {
        std::vector<std::string> kept;
        for (const auto& r : *remembered) kept.push_back(r.token);
        remember_only(d.site, request, response, kept);
    }
    return response;
}

Response open_pasted(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    std::string pasted = form_value(std::get<Form>(checked), "link");
    if (pasted.size() > kMaxPastedLinkChars) pasted.clear();
    std::string token = token_in(pasted);
    if (token.empty()) {
        const Error unreadable{ErrorCode::kInvalidInput, "assessment.link-unreadable"};
        return Site::refused_form(list_page(d, request, pasted, message_text(unreadable)),
                                  unreadable);
    }
    auto opened = d.assessments.open_pasted(token, caller_of(request));
    if (!opened) {
        const Error& e = opened.error();
        if (e.code != ErrorCode::kNotFound && e.code != ErrorCode::kRateLimited) {
            return d.site.error_response(e, request);
        }
        // Whatever was not found, the words are about the link.
        const std::string words = message_text(
            e.code == ErrorCode::kNotFound ? Error{e.code, "assessment.not-found"} : e);
        return Site::refused_form(list_page(d, request, pasted, words), e);
    }
    Response response = redirect("/a/" + token);
    remember(d.site, request, response, token);
    return response;
}

// Forgets one link (`token`) or, with `all`, every link this browser remembers. Nothing in the
// database changes: the links still work wherever else they were kept.
Response forget(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const Form& form = std::get<Form>(checked);
    auto tokens = remembered_tokens(d.site, request);
    std::string token = form_value(form, "token");
    if (form_value(form, "all") == "yes") tokens.clear();
    tokens.erase(std::remove(tokens.begin(), tokens.end(), token), tokens.end());
    Response response = redirect("/assessments");
    remember_only(d.site, request, response, tokens);
    return response;
}

}  // namespace

void add_your_assessments(Site& site, Router& router, const AssessmentService& assessments,
                          const AccountService& accounts) {
    constexpr bool kBlocking = true;
    auto d = std::make_shared<Deps>(Deps{site, assessments, accounts});
    router.add(
        Method::kGet, "/assessments", [d](Request& r) { return list_page(*d, r); }, kBlocking);
    router.add(
        Method::kPost, "/resume", [d](Request& r) { return open_pasted(*d, r); }, kBlocking);
    router.add(
        Method::kPost, "/assessments/forget", [d](Request& r) { return forget(*d, r); }, kBlocking);
}

}  // namespace cbe::web::handlers
