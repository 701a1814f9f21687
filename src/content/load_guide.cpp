// Loads facilitator-guide.yaml: preparation, agendas with timings, scripts, norms, follow-up.
#include <algorithm>
#include <array>

#include "content/detail/load_context.hpp"

namespace cbe::content::detail {

namespace {

constexpr std::array<std::string_view, 6> kScriptIds{
    "individual-rating", "reveal", "spread", "agreement", "dissent", "action-planning"};

// How many elements `agenda` has people rate and discuss: its elements_max, or for a whole
// pathway the longest pathway.
int elements_covered(const Roadmap& roadmap, const Agenda& agenda) {
    if (agenda.covers != "pathway") return agenda.elements_max;
    size_t longest = 0;
    for (const auto& audience : roadmap.audiences) {
        longest = std::max(longest, audience.element_ids.size());
    }
    return static_cast<int>(longest);
}

// The agenda's timings add up to its stated length, and a short session covers few elements.
void check_agenda(const Roadmap& roadmap, YamlReader& r, const YAML::Node& node,
                  const Agenda& agenda) {
    int sum = 0;
    for (const auto& item : agenda.items) sum += item.minutes;
    if (agenda.duration_minutes > 0 && sum != agenda.duration_minutes) {
        r.problem(node["duration_minutes"], "the items' minutes add up to " + std::to_string(sum) +
                                                ", not to the agenda's duration_minutes of " +
                                                std::to_string(agenda.duration_minutes));
    }
    int covered = elements_covered(roadmap, agenda);
    if (agenda.duration_minutes > 0 && agenda.duration_minutes <= kShortSessionMinutes &&
        covered > kShortSessionMaxElements) {
        std::string what = agenda.covers == "pathway" ? "a whole pathway (up to " : "up to ";
        r.problem(node[agenda.covers == "pathway" ? "covers" : "elements_max"],
                  "a session of " + std::to_string(kShortSessionMinutes) +
                      " minutes or less covers at most " +
                      std::to_string(kShortSessionMaxElements) + " elements; this one covers " +
                      what + std::to_string(covered) +
                      (agenda.covers == "pathway" ? " elements)" : " elements"));
    }
}

void load_agendas(const LoadContext& ctx, YamlReader& r, const YAML::Node& root,
                  FacilitatorGuide& guide) {
    for (const auto& node : r.sequence(root, "agendas")) {
        if (!r.expect_map(node, "an agenda")) continue;
        r.allow_only(node, {"id", "name", "duration_minutes", "covers", "elements_max", "items"});
        // Content 1.0.0 stated neither length nor coverage; a snapshot of it still loads.
        bool stated = ctx.current() || node["duration_minutes"].IsDefined();
        Agenda agenda;
        agenda.id = r.id(node);
        agenda.name = r.string(node, "name");
        agenda.duration_minutes = stated ? r.integer(node, "duration_minutes") : 0;
        agenda.covers = r.string(node, "covers", stated);
        if (node["duration_minutes"].IsDefined() &&
            (agenda.duration_minutes <= 0 || agenda.duration_minutes > 480)) {
            r.problem(node["duration_minutes"], "duration_minutes must be from 1 to 480");
        }
        if (agenda.covers == "chosen") {
            agenda.elements_max = r.integer(node, "elements_max");
            if (node["elements_max"].IsDefined() && agenda.elements_max <= 0) {
                r.problem(node["elements_max"], "elements_max must be at least 1");
            }
        } else if (agenda.covers == "pathway") {
            if (node["elements_max"].IsDefined()) {
                r.problem(node["elements_max"],
                          "an agenda that covers a whole pathway has no elements_max");
            }
        } else if (!agenda.covers.empty()) {
            r.problem(node["covers"], "covers must be chosen or pathway");
        }
        for (const auto& item : r.sequence(node, "items")) {
            if (!r.expect_map(item, "an agenda item")) continue;
            r.allow_only(item, {"minutes", "activity", "notes"});
            AgendaItem entry{r.integer(item, "minutes"), r.string(item, "activity"),
                             r.string(item, "notes", false)};
            if (entry.minutes <= 0 || entry.minutes > 240) {
                r.problem(item["minutes"], "minutes must be from 1 to 240");
            }
            agenda.items.push_back(std::move(entry));
        }
        check_agenda(ctx.roadmap, r, node, agenda);
        guide.agendas.push_back(std::move(agenda));
    }
}

void load_scripts(LoadContext& ctx, YamlReader& r, const YAML::Node& root,
                  FacilitatorGuide& guide) {
    YAML::Node scripts = r.sequence(root, "scripts");
    for (const auto& node : scripts) {
        if (!r.expect_map(node, "a script")) continue;
        r.allow_only(node, {"id", "title", "body"});
        Script script{r.id(node), r.string(node, "title"), ctx.markdown(r, node, "body")};
        size_t position = guide.scripts.size();
        if (position >= kScriptIds.size() || script.id != kScriptIds[position]) {
            r.problem(node,
                      "scripts must be individual-rating, reveal, spread, agreement, "
                      "dissent, action-planning, in that order");
        }
        guide.scripts.push_back(std::move(script));
    }
    if (guide.scripts.size() != kScriptIds.size()) {
        r.problem(scripts, "the guide needs all 6 scripts");
    }
}

}  // namespace

void load_guide(LoadContext& ctx) {
    const std::string file = "facilitator-guide.yaml";
    auto root = ctx.parse(file);
    if (!root) return;
    YamlReader r(file, ctx.problems);
    r.allow_only(*root, {"purpose", "preparation", "agendas", "scripts", "norms", "follow_up"});
    FacilitatorGuide& guide = ctx.roadmap.guide;
    guide.purpose_html = ctx.markdown(r, *root, "purpose");
    YAML::Node preparation = r.map(*root, "preparation");
    r.allow_only(preparation, {"invite", "roles", "materials"});
    guide.invite_html = ctx.markdown(r, preparation, "invite");
    for (const auto& node : r.sequence(preparation, "roles")) {
        if (!r.expect_map(node, "a role")) continue;
        r.allow_only(node, {"name", "description"});
        guide.roles.push_back({r.string(node, "name"), r.string(node, "description")});
    }
    guide.materials = r.strings(preparation, "materials");
    load_agendas(ctx, r, *root, guide);
    load_scripts(ctx, r, *root, guide);
    guide.norms = r.strings(*root, "norms");
    guide.follow_up_html = ctx.markdown(r, *root, "follow_up");
}

}  // namespace cbe::content::detail
