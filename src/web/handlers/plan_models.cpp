#include "web/handlers/plan_models.hpp"

#include <algorithm>
#include <set>

#include "assessment/profile.hpp"
#include "report/dates.hpp"
#include "report/results.hpp"
#include "report/results_xlsx.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 4> kStatusLabels{"Not started", "In progress", "Done",
                                                        "Blocked"};

std::string status_label(std::string_view id) {
    for (size_t i = 0; i < assessment::kActionStatuses.size(); ++i) {
        if (assessment::kActionStatuses[i] == id) return std::string(kStatusLabels[i]);
    }
    return std::string(id);
}

json::array status_options(const std::string& selected) {
    json::array out;
    for (size_t i = 0; i < assessment::kActionStatuses.size(); ++i) {
        out.push_back(json::object{{"id", assessment::kActionStatuses[i]},
                                   {"name", kStatusLabels[i]},
                                   {"selected", assessment::kActionStatuses[i] == selected}});
    }
    return out;
}

json::array stage_options(const content::Roadmap& rm, const std::string& selected) {
    json::array out;
    for (size_t i = 0; i < content::kStageCount; ++i) {
        out.push_back(json::object{{"id", content::kStageIds[i]},
                                   {"name", rm.stages[i].name},
                                   {"selected", content::kStageIds[i] == selected}});
    }
    return out;
}

json::array owner_options(const service::PlanPage& p, const service::ActionInput& fields) {
    json::array out;
    for (const auto& m : p.members) {
        std::string value = "member:" + std::to_string(m.user_id);
        out.push_back(
            json::object{{"value", value}, {"name", m.name}, {"selected", fields.owner == value}});
    }
    return out;
}

// The form's fields for an action: what was typed (after an error), or what is saved.
json::object action_form(const service::PlanPage& p, const service::ActionInput& f,
                         const std::string& form_id) {
    return {{"form_id", form_id},
            {"description", f.description},
            {"owner_name", f.owner_name},
            {"owners", owner_options(p, f)},
            {"has_members", !p.members.empty()},
            {"due_date", f.due_date},
            {"target_stages", stage_options(*p.roadmap, f.target_stage)},
            {"statuses", status_options(f.status)},
            {"notes", f.notes}};
}

service::ActionInput saved_input(const store::PlanActionRecord& a) {
    service::ActionInput in;
    const auto& f = a.fields;
    in.element_id = f.element_id;
    in.description = f.description;
    in.owner = f.owner_user_id != 0 ? "member:" + std::to_string(f.owner_user_id) : "";
    in.owner_name = f.owner_name;
    in.due_date = f.due_date;
    in.target_stage = f.target_stage;
    in.status = f.status;
    in.notes = f.notes;
    return in;
}

}  // namespace

PlacementPlace placement_place(const Request& request, service::PlanRef::Kind kind) {
    using Kind = service::PlanRef::Kind;
    PlacementPlace p;
    p.ref.kind = kind;
    auto it = request.params.find("token");
    switch (kind) {
        case Kind::kLink:
            p.ref.token = it == request.params.end() ? "" : it->second;
            p.base = "/a/" + p.ref.token;
            p.results = p.base + "/results";
            p.needs_account = false;
            break;
        case Kind::kOrganizationAssessment:
            p.ref.organization_id = id_param(request, "id");
            p.ref.id = id_param(request, "assessment");
            p.base = "/orgs/" + std::to_string(p.ref.organization_id) + "/assessments/" +
                     std::to_string(p.ref.id);
            p.results = p.base + "/results";
            break;
        case Kind::kSession:
            p.ref.id = id_param(request, "session");
            p.base = "/sessions/" + std::to_string(p.ref.id);
            p.results = p.base + "/placement";
            break;
    }
    return p;
}

json::object plan_model(const service::PlanPage& p, const std::string& base,
                        const std::string& results, const PlanForm* typed) {
    const auto& rm = *p.roadmap;
    std::set<std::string> priorities(p.plan.priorities.begin(), p.plan.priorities.end());
    std::set<std::string> suggested;
    std::map<std::string, std::string> reasons;
    for (const auto& s : p.suggestions) {
        suggested.insert(s.element_id);
        Message why{"plan.reason." + std::string(assessment::priority_reason_id(s.reason)), 0, {}};
        if (s.stage) why.params.emplace_back("stage", rm.stages[*s.stage].name);
        reasons[s.element_id] = message_text(why);
    }
    // Before any choice is saved, the suggestions are ticked; after an error, what was sent.
    std::set<std::string> ticked = priorities;
    if (typed && typed->priorities_typed) {
        ticked = std::set<std::string>(typed->priorities.begin(), typed->priorities.end());
    } else if (p.plan.priorities.empty()) {
        ticked = suggested;
    }

    json::array choices;   // answered (or, for a session, discussed) elements
    json::array unplaced;  // not answered yet: offered too, folded away
    json::array sections;
    size_t open = 0;
    size_t done = 0;
    for (const auto& id : p.audience.element_ids) {
        const content::Element* element = rm.element(id);
        if (!element) continue;
        const assessment::Answer* answer = assessment::find_answer(p.answers, id);
        std::string current =
            p.session && !answer ? "No agreed stage" : report::answer_label(rm, answer);
        (answer || p.session ? choices : unplaced)
            .push_back(json::object{{"id", id},
                                    {"name", element->name},
                                    {"current", current},
                                    {"checked", ticked.contains(id)},
                                    {"chosen", priorities.contains(id)},
                                    {"suggested", suggested.contains(id)},
                                    {"reason", reasons[id]}});
        json::array actions;
        for (const auto& a : p.plan.actions) {
            if (a.fields.element_id != id) continue;
            (a.fields.status == "done" ? done : open) += 1;
            bool retyped = typed && typed->action_id == a.id;
            service::ActionInput fields = retyped ? typed->action : saved_input(a);
            std::string owner =
                !a.owner_user_name.empty() ? a.owner_user_name : a.fields.owner_name;
            actions.push_back(json::object{
                {"id", a.id},
                {"element_id", id},
                {"description", a.fields.description},
                {"owner", owner},
                {"has_owner", !owner.empty()},
                {"due", report::readable_date(a.fields.due_date)},
                {"has_due", !a.fields.due_date.empty()},
                {"target",
                 a.fields.target_stage.empty()
                     ? ""
                     : rm.stages[content::stage_index(a.fields.target_stage).value_or(0)].name},
                {"has_target", !a.fields.target_stage.empty()},
                {"status", a.fields.status},
                {"status_label", status_label(a.fields.status)},
                {"notes", a.fields.notes},
                {"has_notes", !a.fields.notes.empty()},
                {"open_form", retyped},
                {"form", action_form(p, fields, "action-" + std::to_string(a.id))}});
        }
        if (!priorities.contains(id) && actions.empty()) continue;
        std::optional<size_t> stage;
        if (answer && answer->choice.is_stage()) stage = answer->choice.stage;
        std::optional<size_t> next;
        if (stage && *stage + 1 < content::kStageCount) next = *stage + 1;
        json::array moves;
        if (next) {
            for (const auto& m : element->moves[*stage]) moves.push_back(json::value(m));
        }
        bool add_typed = typed && typed->action_id == 0 && typed->action.element_id == id &&
                         !typed->priorities_typed;
        service::ActionInput fresh;
        fresh.element_id = id;
        if (next) fresh.target_stage = std::string(content::kStageIds[*next]);
        sections.push_back(json::object{
            {"id", id},
            {"name", element->name},
            {"current", current},
            {"has_next", next.has_value()},
            {"next_stage", next ? rm.stages[*next].name : ""},
            {"priority", priorities.contains(id)},
            {"moves", moves},
            {"has_moves", !moves.empty()},
            {"actions", actions},
            {"has_actions", !actions.empty()},
            {"add_open", add_typed},
            {"add_form", action_form(p, add_typed ? typed->action : fresh, "add-" + id)}});
    }
    std::string heading = p.title.empty() ? "Action plan" : "Action plan: " + p.title;
    return {{"title", heading},
            {"heading", heading},
            {"page", p.organization_id != 0 ? "organization" : "assess"},
            {"organization", p.organization_name},
            {"org_id", p.organization_id},
            {"has_organization", p.organization_id != 0},
            {"school_year", p.school_year},
            {"has_school_year", !p.school_year.empty()},
            {"session", p.session},
            {"base", base},
            {"report", base.substr(0, base.rfind('/')) + "/report"},
            {"results", results},
            {"editable", p.editable},
            {"choices", choices},
            {"unplaced", unplaced},
            {"has_unplaced", !unplaced.empty()},
            {"has_suggestions", !p.suggestions.empty()},
            {"chosen_none", p.plan.priorities.empty()},
            {"sections", sections},
            {"has_sections", !sections.empty()},
            {"open_count", open},
            {"done_count", done},
            {"updated", report::readable_date(p.plan.updated_at)},
            {"has_plan", p.plan.id != 0}};
}

namespace {

// A CSS string literal: quotes and backslashes escaped, line breaks as \A, other control
// characters dropped (the text comes from people: names, titles).
std::string css_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\A ";
        } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
            out += c;
        }
    }
    return out + "\"";
}

std::string margin_line(const service::PlanPage& p) {
    std::string line = p.organization_name.empty() ? p.title : p.organization_name;
    if (!p.school_year.empty()) line += " · " + p.school_year;
    line += " · " + report::readable_date(p.placed_at);
    return line;
}

}  // namespace

std::string report_margins_css(const service::PlanPage& p) {
    return "@page report { @top-left { content: " + css_string(margin_line(p)) + "; } }\n";
}

Response plan_workbook(const service::PlanPage& p) {
    const auto& rm = *p.roadmap;
    report::PlanSheet sheet;
    sheet.title = p.title.empty() ? "Action plan" : "Action plan: " + p.title;
    sheet.organization = p.organization_name;
    sheet.school_year = p.school_year;
    sheet.updated_at = p.plan.updated_at.empty() ? p.placed_at : p.plan.updated_at;
    for (const auto& id : p.plan.priorities) {
        if (const auto* element = rm.element(id)) sheet.priorities.push_back(element->name);
    }
    for (const auto& a : p.plan.actions) {
        const auto& f = a.fields;
        const content::Element* element = rm.element(f.element_id);
        const content::Area* area = element ? rm.area(element->area) : nullptr;
        auto stage = content::stage_index(f.target_stage);
        sheet.actions.push_back(
            {element ? element->name : f.element_id, area ? area->name : "", f.description,
             !a.owner_user_name.empty() ? a.owner_user_name : f.owner_name, f.due_date,
             stage ? rm.stages[*stage].name : "", status_label(f.status), f.notes});
    }
    Response response;
    response.content_type = report::kXlsxContentType;
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    response.headers.emplace_back(
        "Content-Disposition",
        "attachment; filename=\"cbe-roadmap-plan-" + sheet.updated_at.substr(0, 10) + ".xlsx\"");
    response.set_body(report::plan_xlsx(sheet));
    return response;
}

Response report_stylesheet(const service::PlanPage& plan) {
    Response response;
    response.content_type = "text/css; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    response.set_body(report_margins_css(plan));
    return response;
}

json::object report_model(const service::PlanPage& p, const std::string& base,
                          const std::string& results) {
    const auto& rm = *p.roadmap;
    json::object model = plan_model(p, base + "/plan", results, nullptr);
    auto profile = assessment::build_profile(rm, p.audience, p.answers);
    json::array stages;
    for (const auto& stage : rm.stages) stages.push_back(json::object{{"name", stage.name}});
    json::array areas;
    for (const auto& area : profile.areas) {
        json::array cells;
        for (size_t i = 0; i < content::kStageCount; ++i) {
            bool typical = area.typical_stage && *area.typical_stage == i;
            cells.push_back(json::object{{"count", area.per_stage[i]},
                                         {"stage", rm.stages[i].name},
                                         {"typical", typical},
                                         {"level", std::min<size_t>(area.per_stage[i], 4)}});
        }
        areas.push_back(json::object{
            {"name", area.area->name},
            {"cells", cells},
            {"placed", area.placed},
            {"total", area.elements.size()},
            {"typical", area.typical_stage ? rm.stages[*area.typical_stage].name : "not placed"}});
    }
    json::array priorities;
    for (const auto& id : p.plan.priorities) {
        const content::Element* element = rm.element(id);
        if (!element) continue;
        const assessment::Answer* answer = assessment::find_answer(p.answers, id);
        priorities.push_back(
            json::object{{"name", element->name},
                         {"current", p.session && !answer ? "No agreed stage"
                                                          : report::answer_label(rm, answer)}});
    }
    json::array actions;
    for (const auto& a : p.plan.actions) {
        const content::Element* element = rm.element(a.fields.element_id);
        std::string owner = !a.owner_user_name.empty() ? a.owner_user_name : a.fields.owner_name;
        actions.push_back(json::object{
            {"description", a.fields.description},
            {"element", element ? element->name : a.fields.element_id},
            {"owner", owner.empty() ? "No owner yet" : owner},
            {"due",
             a.fields.due_date.empty() ? "No date" : report::readable_date(a.fields.due_date)},
            {"status", status_label(a.fields.status)}});
    }
    std::string heading = "Report for the board";
    if (!p.organization_name.empty()) heading += ": " + p.organization_name;
    model["title"] = heading;
    model["heading"] = heading;
    model["subject"] = p.title;
    model["placed_on"] = report::readable_date(p.placed_at);
    model["participants"] = p.participants;
    model["answered"] = profile.answered;
    model["placed"] = profile.placed;
    model["total"] = profile.total;
    model["stages"] = stages;
    model["area_rows"] = areas;
    model["typical"] = profile.typical_stage ? rm.stages[*profile.typical_stage].name : "";
    model["has_typical"] = profile.typical_stage.has_value();
    model["priority_list"] = priorities;
    model["has_priorities"] = !priorities.empty();
    model["action_rows"] = actions;
    model["has_action_rows"] = !actions.empty();
    model["report_css"] = base + "/report.css";
    return model;
}

}  // namespace cbe::web::handlers
