#include "web/handlers/session_models.hpp"

#include <set>

#include "report/dates.hpp"
#include "report/results.hpp"
#include "service/join_code.hpp"
#include "web/handlers/assessment_access.hpp"

namespace cbe::web::handlers {

namespace json = boost::json;

namespace {

// The aggregate of a revealed element: a bar per stage (with a share of the largest count, for
// the chart's width class), not sure, not applicable, no rating, the median and the verdict.
json::object aggregate_model(const content::Roadmap& roadmap, const assessment::Consensus& c) {
    size_t largest = 1;
    for (size_t n : c.per_stage) largest = std::max(largest, n);
    largest = std::max({largest, c.not_sure, c.not_applicable, c.no_rating});
    json::array bars;
    auto bar = [&](const std::string& label, size_t count, const std::string& kind) {
        bars.push_back(json::object{{"label", label},
                                    {"count", count},
                                    {"kind", kind},
                                    {"has_count", count > 0},
                                    {"tenths", (count * 10 + largest - 1) / largest}});
    };
    for (size_t i = 0; i < content::kStageCount; ++i) {
        bar(roadmap.stages[i].name, c.per_stage[i], "stage");
    }
    bar(report::choice_label(roadmap, "not-sure"), c.not_sure, "not-sure");
    bar(report::choice_label(roadmap, "not-applicable"), c.not_applicable, "not-applicable");
    if (c.no_rating > 0) bar("No rating", c.no_rating, "no-rating");
    std::string verdict(assessment::verdict_id(c.verdict));
    return {{"bars", bars},
            {"total", c.total()},
            {"rated", c.rated},
            {"has_median", c.median_stage.has_value()},
            {"median", c.median_stage ? roadmap.stages[*c.median_stage].name : ""},
            {"verdict", verdict},
            {"agreement", c.verdict == assessment::Verdict::kAgreement},
            {"disagreement", c.verdict == assessment::Verdict::kDisagreement},
            {"too_few", c.verdict == assessment::Verdict::kTooFew}};
}

json::object decision_model(const content::Roadmap& roadmap,
                            const store::SessionElementRecord& record) {
    return {{"decided", !record.outcome.empty()},
            {"agreed", record.outcome == "agreed"},
            {"agreed_stage", report::choice_label(roadmap, record.agreed_stage)},
            {"rationale", record.rationale},
            {"has_rationale", !record.rationale.empty()},
            {"dissent", record.dissent},
            {"has_dissent", !record.dissent.empty()}};
}

json::array stage_options(const content::Roadmap& roadmap, const std::string& selected) {
    json::array out;
    for (size_t i = 0; i < content::kStageCount; ++i) {
        out.push_back(json::object{{"id", content::kStageIds[i]},
                                   {"name", roadmap.stages[i].name},
                                   {"selected", selected == content::kStageIds[i]}});
    }
    return out;
}

// What the decision form offers first: the recorded stage, else the median of the ratings (the
// usual starting point of the discussion), else nothing chosen.
std::string proposed_stage(const service::BoardElement& e) {
    if (!e.record.outcome.empty()) return e.record.agreed_stage;  // "" after "no agreement"
    if (e.consensus && e.consensus->median_stage) {
        return std::string(content::kStageIds[*e.consensus->median_stage]);
    }
    return "";
}

// How long the group has discussed an element: from its reveal to its decision (or to the
// session's close), or, while still open, to now — the page's script keeps that one ticking.
json::object timer_model(const service::Board& board, const store::SessionElementRecord& record) {
    bool running = record.outcome.empty() && !board.session.closed;
    const std::string& end = running                      ? board.now
                             : !record.decided_at.empty() ? record.decided_at
                                                          : board.session.closed_at;
    long long minutes = report::minutes_between(record.revealed_at, end).value_or(0);
    return {{"running", running},
            {"since", record.revealed_at},
            {"now", board.now},
            {"minutes", minutes},
            {"one_minute", minutes == 1}};
}

// The organization's open plan actions, for the review a session starts with: each with where
// it comes from (a link to its plan), its element, owner, due date and status.
json::array open_actions_model(const service::Board& board) {
    json::array out;
    for (const auto& open : board.open_actions) {
        const auto& f = open.action.fields;
        const content::Element* element = board.roadmap->element(f.element_id);
        std::string plan = open.session_id != 0
                               ? "/sessions/" + std::to_string(open.session_id) + "/plan"
                               : "/orgs/" + std::to_string(board.session.organization_id) +
                                     "/assessments/" + std::to_string(open.assessment_id) + "/plan";
        std::string owner =
            !open.action.owner_user_name.empty() ? open.action.owner_user_name : f.owner_name;
        out.push_back(json::object{
            {"description", f.description},
            {"element", element ? element->name : f.element_id},
            {"owner", owner.empty() ? "No owner yet" : owner},
            {"due", f.due_date.empty() ? "No date" : report::readable_date(f.due_date)},
            {"blocked", f.status == "blocked"},
            {"status", f.status == "in-progress" ? "In progress"
                       : f.status == "blocked"   ? "Blocked"
                                                 : "Not started"},
            {"plan", plan},
            {"source", open.subject_title}});
    }
    return out;
}

json::object session_header(const store::TeamSessionRecord& s, const content::Audience& audience) {
    return {{"session_id", s.id},
            {"session_title", s.title},
            {"school_year", s.school_year},
            {"pathway", audience.name},
            {"closed", s.closed},
            {"expired", s.closed && s.closed_reason == "expired"},
            {"joining_open", s.joining_open && !s.closed},
            {"version", s.version},
            {"opened", report::readable_date(s.created_at)},
            {"min_raters", s.min_raters}};
}

}  // namespace

json::object board_model(const service::Board& board, const std::string& join_url,
                         const std::string& qr_svg) {
    const auto& rm = *board.roadmap;
    json::object model = session_header(board.session, *board.audience);
    json::array elements;
    size_t revealed = 0, decided = 0;
    for (const auto& e : board.elements) {
        bool is_revealed = e.revealed;
        revealed += is_revealed;
        decided += !e.record.outcome.empty();
        json::object item{{"id", e.element->id},
                          {"name", e.element->name},
                          {"position", e.record.position},
                          {"answered", e.answered},
                          {"participants", board.participants.size()},
                          {"revealed", is_revealed},
                          {"withheld", e.withheld},
                          {"min_raters", board.session.min_raters},
                          {"stages", stage_options(rm, proposed_stage(e))},
                          {"decision", decision_model(rm, e.record)}};
        if (is_revealed) {
            if (e.consensus) item["aggregate"] = aggregate_model(rm, *e.consensus);
            item["timer"] = timer_model(board, e.record);
            json::array notes;
            for (const auto& n : e.notes) notes.push_back(json::value(n));
            item["notes"] = notes;
            item["has_notes"] = !notes.empty();
        }
        elements.push_back(std::move(item));
    }
    json::array people;
    for (const auto& p : board.participants) {
        people.push_back(json::object{{"number", p.number}, {"name", p.name}});
    }
    model["open_actions"] = open_actions_model(board);
    model["has_open_actions"] = !board.open_actions.empty();
    model["title"] = board.session.title;
    model["page"] = "organization";
    model["organization"] = board.organization_name;
    model["org_id"] = board.session.organization_id;
    model["elements"] = elements;
    model["element_count"] = board.elements.size();
    model["revealed_count"] = revealed;
    model["decided_count"] = decided;
    model["all_revealed"] = revealed == board.elements.size();
    model["participants"] = people;
    model["participant_count"] = board.participants.size();
    model["has_participants"] = !people.empty();
    // Shown once two or more joined from one address: the facilitator compares it with the room.
    model["most_from_one_address"] = board.most_from_one_address;
    model["shared_address"] = board.most_from_one_address > 1;
    model["join_code"] = service::display_join_code(board.session.join_code);
    model["join_url"] = join_url;
    model["qr_svg"] = qr_svg;
    return model;
}

json::object participant_model(const service::ParticipantPage& page, const std::string& token) {
    const auto& rm = *page.roadmap;
    json::object model = session_header(page.session, *page.audience);
    json::array elements;
    size_t rated = 0;
    for (const auto& e : page.elements) {
        const store::OwnRating* own = nullptr;
        for (const auto& r : page.own) own = r.element_id == e.element->id ? &r : own;
        rated += own != nullptr;
        json::object item{{"id", e.element->id},
                          {"name", e.element->name},
                          {"position", e.record.position},
                          {"rated", own != nullptr},
                          {"choice", own ? report::choice_label(rm, own->choice) : ""},
                          {"revealed", e.revealed},
                          {"withheld", e.withheld},
                          {"min_raters", page.session.min_raters},
                          {"decision", decision_model(rm, e.record)}};
        if (e.consensus) item["aggregate"] = aggregate_model(rm, *e.consensus);
        elements.push_back(std::move(item));
    }
    model["title"] = page.session.title;
    model["page"] = "join";
    model["token"] = token;
    model["elements"] = elements;
    model["rated_count"] = rated;
    model["element_count"] = page.elements.size();
    model["participant_name"] = page.participant.display_name.empty()
                                    ? "Participant " + std::to_string(page.participant.number)
                                    : page.participant.display_name;
    return model;
}

json::object rating_model(const service::ParticipantPage& page, const std::string& token,
                          const std::string& element_id, const std::string& choice,
                          const std::string& note, const std::string& error) {
    const auto& rm = *page.roadmap;
    json::object model = session_header(page.session, *page.audience);
    const service::BoardElement* current = nullptr;
    const service::BoardElement* next = nullptr;
    for (size_t i = 0; i < page.elements.size(); ++i) {
        if (page.elements[i].element->id != element_id) continue;
        current = &page.elements[i];
        if (i + 1 < page.elements.size()) next = &page.elements[i + 1];
    }
    if (!current) return {};
    const auto& element = *current->element;
    json::array stages;
    for (size_t i = 0; i < content::kStageCount; ++i) {
        stages.push_back(json::object{{"id", content::kStageIds[i]},
                                      {"name", rm.stages[i].name},
                                      {"descriptor_html", element.stages[i].descriptor_html},
                                      {"checked", choice == content::kStageIds[i]}});
    }
    model["title"] = element.name + " — " + page.session.title;
    model["page"] = "join";
    model["token"] = token;
    model["element_id"] = element.id;
    model["element_name"] = element.name;
    model["position"] = current->record.position;
    model["element_count"] = page.elements.size();
    model["stages"] = stages;
    model["not_sure"] = choice == "not-sure";
    model["not_applicable"] = choice == "not-applicable";
    model["note"] = note;
    model["error"] = error;
    model["has_error"] = !error.empty();
    model["revealed"] = current->revealed;
    model["has_next"] = next != nullptr;
    model["next_id"] = next ? next->element->id : "";
    return model;
}

json::object placement_model(const service::Board& board) {
    const auto& rm = *board.roadmap;
    json::object model = session_header(board.session, *board.audience);
    json::array elements;
    for (const auto& e : board.elements) {
        json::object item{{"id", e.element->id},
                          {"name", e.element->name},
                          {"decision", decision_model(rm, e.record)},
                          {"revealed", e.revealed},
                          {"withheld", e.withheld},
                          {"min_raters", board.session.min_raters}};
        if (e.consensus) item["aggregate"] = aggregate_model(rm, *e.consensus);
        elements.push_back(std::move(item));
    }
    model["title"] = "Agreed placement: " + board.session.title;
    model["page"] = "organization";
    model["organization"] = board.organization_name;
    model["org_id"] = board.session.organization_id;
    model["elements"] = elements;
    model["participant_count"] = board.participants.size();
    model["closed_on"] = report::readable_date(board.session.closed_at);
    // On the results parts of the page (profile), an agreed stage's note is the team's rationale.
    model["note_label"] = "Rationale";
    return model;
}

json::object new_session_model(const content::Roadmap& roadmap, long long organization_id,
                               const std::string& audience_id,
                               const service::OpenSessionInput& typed, const std::string& error) {
    json::array audiences;
    for (const auto& a : roadmap.audiences) {
        audiences.push_back(
            json::object{{"id", a.id}, {"name", a.name}, {"selected", a.id == audience_id}});
    }
    json::array elements;
    const content::Audience* audience = roadmap.audience(audience_id);
    std::set<std::string> chosen(typed.element_ids.begin(), typed.element_ids.end());
    if (audience) {
        for (const auto& id : audience->element_ids) {
            const auto* element = roadmap.element(id);
            if (!element) continue;
            elements.push_back(json::object{{"id", id},
                                            {"name", element->name},
                                            {"checked", chosen.empty() || chosen.count(id) > 0}});
        }
    }
    return {{"title", "Open a team session"},
            {"page", "organization"},
            {"org_id", organization_id},
            {"audiences", audiences},
            {"has_audience", audience != nullptr},
            {"audience_id", audience_id},
            {"audience_name", audience ? audience->name : ""},
            {"elements", elements},
            {"session_title", typed.title},
            {"school_year", typed.school_year},
            {"facilitator_rates", typed.facilitator_rates},
            {"min_raters", typed.min_raters},
            {"least_raters", assessment::kMinRatersShown},
            {"most_raters", service::kMaxMinRaters},
            {"error", error},
            {"has_error", !error.empty()}};
}

json::object placement_page(const service::Placement& placed, const std::string& base) {
    const auto& session = placed.board.session;
    // The view points into `placed`, which outlives it: results are rendered before returning.
    report::AssessmentView view;
    view.roadmap = placed.board.roadmap;
    view.audience = &placed.audience;
    view.base = base + "/placement";
    view.label = session.title;
    view.content_version = session.content_version;
    view.created_at = session.created_at;
    view.updated_at = session.closed_at;
    view.answers = &placed.answers;
    view.school_year = session.school_year;
    view.read_only = true;
    json::object model = results_page(report::build_results(view));
    for (auto& [key, value] : placement_model(placed.board)) model[key] = value;
    model["base"] = base;
    return model;
}

}  // namespace cbe::web::handlers
