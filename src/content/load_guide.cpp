// Loads facilitator-guide.yaml: preparation, agendas with timings, scripts, norms, follow-up.
#include <array>

#include "content/detail/load_context.hpp"

namespace cbe::content::detail {

namespace {

constexpr std::array<std::string_view, 6> kScriptIds{
    "individual-rating", "reveal", "spread", "agreement", "dissent", "action-planning"};

void load_agendas(YamlReader& r, const YAML::Node& root, FacilitatorGuide& guide) {
    for (const auto& node : r.sequence(root, "agendas")) {
        if (!r.expect_map(node, "an agenda")) continue;
        r.allow_only(node, {"id", "name", "items"});
        Agenda agenda{r.id(node), r.string(node, "name"), {}};
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
    load_agendas(r, *root, guide);
    load_scripts(ctx, r, *root, guide);
    guide.norms = r.strings(*root, "norms");
    guide.follow_up_html = ctx.markdown(r, *root, "follow_up");
}

}  // namespace cbe::content::detail
