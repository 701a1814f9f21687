// Loads the examples from the field and the resources: real, sourced, tied to elements.
#include <algorithm>

#include "content/detail/load_context.hpp"

namespace cbe::content::detail {

namespace {

template <size_t N>
void check_one_of(YamlReader& r, const YAML::Node& at, const std::string& value,
                  const std::array<std::string_view, N>& allowed, const std::string& what) {
    if (value.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    r.problem(at, what + " must be one of: " + list);
}

std::vector<Illustration> load_illustrations(LoadContext& ctx, YamlReader& r,
                                             const YAML::Node& node) {
    std::vector<Illustration> out;
    for (const auto& item : r.sequence(node, "illustrates")) {
        if (!r.expect_map(item, "an illustration")) continue;
        r.allow_only(item, {"element", "stages"});
        Illustration illustration{r.string(item, "element"), r.strings(item, "stages")};
        ctx.reference(RefKind::kElement, illustration.element_id, r, item["element"]);
        ctx.references(RefKind::kStage, illustration.stage_ids, r, item["stages"]);
        out.push_back(std::move(illustration));
    }
    if (out.empty()) r.problem(node, "an example must name at least one element it illustrates");
    return out;
}

void load_example(LoadContext& ctx, const std::string& file) {
    auto root = ctx.parse(file);
    if (!root) return;
    YamlReader r(file, ctx.problems);
    const YAML::Node& node = *root;
    r.allow_only(node,
                 {"id", "name", "kind", "place", "years", "summary", "illustrates", "sources"});
    Example example;
    example.id = r.id(node);
    example.name = r.string(node, "name");
    example.kind = r.string(node, "kind");
    check_one_of(r, node["kind"], example.kind, kExampleKinds, "kind");
    example.place = r.string(node, "place");
    example.years = r.string(node, "years");
    example.summary_html = ctx.markdown(r, node, "summary");
    example.illustrates = load_illustrations(ctx, r, node);
    for (const auto& source : r.sequence(node, "sources")) {
        if (!r.expect_map(source, "a source")) continue;
        r.allow_only(source, {"title", "url"});
        example.sources.push_back({r.string(source, "title"), ctx.https_url(r, source)});
    }
    if (example.sources.empty()) r.problem(node, "an example needs at least one public source");
    ctx.claim("example", example.id, r, node);
    ctx.roadmap.examples.push_back(std::move(example));
}

void load_resource(LoadContext& ctx, YamlReader& r, const YAML::Node& node) {
    r.allow_only(node, {"id", "title", "publisher", "year", "type", "summary", "url", "elements",
                        "stages", "audiences"});
    Resource resource;
    resource.id = r.id(node);
    resource.title = r.string(node, "title");
    resource.publisher = r.string(node, "publisher");
    resource.year = r.integer(node, "year");
    if (resource.year != 0 && (resource.year < 1900 || resource.year > 2100)) {
        r.problem(node["year"], "year must be a four-digit year");
    }
    resource.type = r.string(node, "type");
    check_one_of(r, node["type"], resource.type, kResourceTypes, "type");
    resource.summary_text = r.string(node, "summary");
    resource.summary_html = ctx.markdown(r, node, "summary");
    resource.url = ctx.https_url(r, node);
    resource.element_ids = r.strings(node, "elements");
    if (resource.element_ids.empty() && node["elements"].IsSequence()) {
        r.problem(node["elements"], "a resource must name at least one element");
    }
    resource.stage_ids = r.strings(node, "stages");
    resource.audience_ids = r.strings(node, "audiences");
    ctx.references(RefKind::kElement, resource.element_ids, r, node["elements"]);
    ctx.references(RefKind::kStage, resource.stage_ids, r, node["stages"]);
    ctx.references(RefKind::kAudience, resource.audience_ids, r, node["audiences"]);
    ctx.claim("resource", resource.id, r, node);
    ctx.roadmap.resources.push_back(std::move(resource));
}

}  // namespace

void load_examples(LoadContext& ctx) {
    for (const auto& file : ctx.files_in("examples")) load_example(ctx, file);
    std::sort(ctx.roadmap.examples.begin(), ctx.roadmap.examples.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
}

void load_resources(LoadContext& ctx) {
    for (const auto& file : ctx.files_in("resources")) {
        auto root = ctx.parse(file);
        if (!root) continue;
        YamlReader r(file, ctx.problems);
        r.allow_only(*root, {"resources"});
        for (const auto& node : r.sequence(*root, "resources")) {
            if (r.expect_map(node, "a resource")) load_resource(ctx, r, node);
        }
    }
    std::sort(ctx.roadmap.resources.begin(), ctx.roadmap.resources.end(),
              [](const auto& a, const auto& b) { return a.title < b.title; });
}

}  // namespace cbe::content::detail
