#include "web/handlers/history_models.hpp"

#include "report/assessment_models.hpp"
#include "report/comparison_model.hpp"
#include "report/dates.hpp"

namespace cbe::web::handlers {

namespace json = boost::json;
using service::PlacementKind;
using service::PlacementSummary;

namespace {

std::string path_of(long long organization_id, const PlacementSummary& p) {
    if (p.ref.kind == PlacementKind::kSession) {
        return "/sessions/" + std::to_string(p.ref.id) + "/placement";
    }
    return "/orgs/" + std::to_string(organization_id) + "/assessments/" + std::to_string(p.ref.id);
}

json::object placement_model(const content::Roadmap& roadmap, long long organization_id,
                             const PlacementSummary& p) {
    const content::Audience* audience = roadmap.audience(p.audience);
    return {{"ref", p.ref.text()},
            {"path", path_of(organization_id, p)},
            // An untitled assessment is named as everywhere else: its pathway and start day.
            {"title", p.ref.kind == PlacementKind::kSession
                          ? p.title
                          : report::display_name(p.title, audience, p.started)},
            {"session", p.ref.kind == PlacementKind::kSession},
            {"pathway", audience ? audience->name : p.audience},
            {"year", p.year},
            {"school_year", p.school_year},
            {"stated", !p.school_year.empty()},
            {"date", report::readable_date(p.date)},
            {"content_version", p.content_version}};
}

json::object side_model(const content::Roadmap& roadmap, long long organization_id,
                        const std::optional<service::ComparedPlacement>& side) {
    if (!side) return {};
    return placement_model(roadmap, organization_id, side->summary);
}

}  // namespace

json::array placements_by_year(const content::Roadmap& roadmap, long long organization_id,
                               const std::vector<PlacementSummary>& placements) {
    json::array years;
    for (const auto& p : placements) {  // already newest school year first
        if (years.empty() || years.back().as_object().at("year").as_string() != p.year) {
            years.push_back(json::object{{"year", p.year}, {"placements", json::array()}});
        }
        years.back().as_object()["placements"].as_array().push_back(
            placement_model(roadmap, organization_id, p));
    }
    return years;
}

json::object compare_page_model(const content::Roadmap& roadmap,
                                const service::ComparisonPage& page) {
    long long org = page.organization.id;
    // Nothing picked yet: the two most recent, the older of them first.
    std::string a = page.picked_a, b = page.picked_b;
    if (a.empty() && b.empty() && page.placements.size() >= 2) {
        a = page.placements[1].ref.text();
        b = page.placements[0].ref.text();
    }
    json::array options_a, options_b;
    for (const auto& p : page.placements) {
        json::object option = placement_model(roadmap, org, p);
        option["selected"] = option["ref"].as_string() == a;
        options_a.push_back(option);
        option["selected"] = option["ref"].as_string() == b;
        options_b.push_back(std::move(option));
    }
    json::object model{{"title", "Compare placements: " + page.organization.name},
                       {"page", "account"},
                       {"name", page.organization.name},
                       {"org_id", org},
                       {"options_a", options_a},
                       {"options_b", options_b},
                       {"can_pick", page.placements.size() >= 2},
                       {"a_error", page.problem && page.problem_field == "a"},
                       {"b_error", page.problem && page.problem_field == "b"},
                       {"has_comparison", page.comparison.has_value()}};
    if (page.comparison && page.then && page.now) {
        model["comparison"] =
            report::comparison_model(*page.comparison, *page.then->roadmap, *page.now->roadmap);
        model["then"] = side_model(roadmap, org, page.then);
        model["now"] = side_model(roadmap, org, page.now);
    }
    return model;
}

}  // namespace cbe::web::handlers
