#include "content/loader.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "content/detail/load_context.hpp"

namespace cbe::content {

namespace {

using detail::LoadContext;
using detail::RefKind;
using detail::YamlReader;

template <size_t N>
bool one_of(const std::string& value, const std::array<std::string_view, N>& allowed) {
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

void load_stages(LoadContext& ctx, YamlReader& r, const YAML::Node& root) {
    YAML::Node stages = r.sequence(root, "stages");
    for (const auto& node : stages) {
        if (!r.expect_map(node, "a stage")) continue;
        r.allow_only(node, {"id", "name", "summary"});
        Stage stage{r.id(node), r.string(node, "name"), ctx.markdown(r, node, "summary")};
        size_t position = ctx.roadmap.stages.size();
        if (position >= kStageIds.size() || stage.id != kStageIds[position]) {
            r.problem(node, "stages must be entry, developing, scaling, transforming, in order");
        }
        ctx.roadmap.stages.push_back(std::move(stage));
    }
    if (stages.size() != kStageIds.size()) {
        r.problem(stages, "there must be exactly 4 stages");
    }
}

void load_areas(LoadContext& ctx, YamlReader& r, const YAML::Node& root) {
    for (const auto& node : r.sequence(root, "areas")) {
        if (!r.expect_map(node, "an area")) continue;
        r.allow_only(node, {"id", "name", "purpose", "summary", "elements"});
        Area area{r.id(node), r.string(node, "name"), r.string(node, "purpose"),
                  ctx.markdown(r, node, "summary"), r.strings(node, "elements", false)};
        if (!area.id.empty() && !one_of(area.id, kAreaIds)) {
            r.problem(node["id"], "area id must be technology, policy or conditions");
        }
        ctx.claim("area", area.id, r, node);
        ctx.references(RefKind::kElement, area.element_ids, r, node["elements"]);
        ctx.roadmap.areas.push_back(std::move(area));
    }
    if (ctx.roadmap.areas.size() != kAreaIds.size()) {
        r.problem(root["areas"], "there must be exactly 3 areas");
    }
}

void load_roadmap_file(LoadContext& ctx) {
    auto root = ctx.parse("roadmap.yaml");
    if (!root) return;
    YamlReader r("roadmap.yaml", ctx.problems);
    r.allow_only(*root, {"version", "title", "stages", "areas"});
    ctx.roadmap.version = r.string(*root, "version");
    static const std::regex semver(R"(^\d+\.\d+\.\d+$)");
    if (!ctx.roadmap.version.empty() && !std::regex_match(ctx.roadmap.version, semver)) {
        r.problem((*root)["version"], "version must be semantic, like 1.2.0");
    }
    ctx.roadmap.title = r.string(*root, "title");
    load_stages(ctx, r, *root);
    load_areas(ctx, r, *root);
}

void load_glossary(LoadContext& ctx) {
    auto root = ctx.parse("glossary.yaml");
    if (!root) return;
    YamlReader r("glossary.yaml", ctx.problems);
    r.allow_only(*root, {"terms"});
    // Terms first (so [[id]] links can show names), then definitions, which may link terms.
    YAML::Node terms = r.sequence(*root, "terms");
    for (const auto& node : terms) {
        if (!r.expect_map(node, "a glossary term")) continue;
        r.allow_only(node, {"id", "term", "aliases", "definition"});
        GlossaryTerm term{
            r.id(node), r.string(node, "term"), r.strings(node, "aliases", false), {}};
        ctx.claim("glossary term", term.id, r, node);
        ctx.roadmap.glossary.push_back(std::move(term));
    }
    ctx.roadmap.build_indexes();
    size_t i = 0;
    for (const auto& node : terms) {
        if (!node.IsMap()) continue;
        ctx.roadmap.glossary[i++].definition_html = ctx.markdown(r, node, "definition");
    }
    std::sort(ctx.roadmap.glossary.begin(), ctx.roadmap.glossary.end(),
              [](const auto& a, const auto& b) { return a.term < b.term; });
    ctx.roadmap.build_indexes();
}

void load_audiences(LoadContext& ctx) {
    auto root = ctx.parse("audiences.yaml");
    if (!root) return;
    YamlReader r("audiences.yaml", ctx.problems);
    r.allow_only(*root, {"audiences"});
    for (const auto& node : r.sequence(*root, "audiences")) {
        if (!r.expect_map(node, "an audience")) continue;
        r.allow_only(node, {"id", "name", "who", "framing", "elements"});
        Audience audience{r.id(node), r.string(node, "name"), r.string(node, "who"),
                          ctx.markdown(r, node, "framing"), r.strings(node, "elements")};
        if (!audience.id.empty() && !one_of(audience.id, kAudienceIds)) {
            r.problem(node["id"], "audience id must be district, state or technology");
        }
        if (audience.element_ids.empty()) r.problem(node, "an audience needs a pathway");
        ctx.claim("audience", audience.id, r, node);
        ctx.references(RefKind::kElement, audience.element_ids, r, node["elements"]);
        ctx.roadmap.audiences.push_back(std::move(audience));
    }
}

void load_collections(LoadContext& ctx) {
    auto root = ctx.parse("collections.yaml");
    if (!root) return;
    YamlReader r("collections.yaml", ctx.problems);
    r.allow_only(*root, {"collections"});
    for (const auto& node : r.sequence(*root, "collections")) {
        if (!r.expect_map(node, "a collection")) continue;
        r.allow_only(node, {"id", "name", "description", "resources"});
        Collection collection{r.id(node), r.string(node, "name"),
                              ctx.markdown(r, node, "description"), r.strings(node, "resources")};
        ctx.claim("collection", collection.id, r, node);
        ctx.references(RefKind::kResource, collection.resource_ids, r, node["resources"]);
        ctx.roadmap.collections.push_back(std::move(collection));
    }
}

// Orders each area's elements: as listed in roadmap.yaml when given, else by id.
void order_area_elements(LoadContext& ctx) {
    for (auto& area : ctx.roadmap.areas) {
        std::vector<std::string> in_area;
        for (const auto& element : ctx.roadmap.elements) {
            if (element.area == area.id) in_area.push_back(element.id);
        }
        if (area.element_ids.empty()) {
            area.element_ids = in_area;
            continue;
        }
        for (const auto& id : in_area) {
            if (std::find(area.element_ids.begin(), area.element_ids.end(), id) ==
                area.element_ids.end()) {
                ctx.problems.push_back(
                    {"roadmap.yaml", 0,
                     "area '" + area.id + "' does not list element '" + id + "' in its elements"});
            }
        }
    }
}

}  // namespace

ContentFiles read_content_files(const std::filesystem::path& dir, Problems& problems) {
    namespace fs = std::filesystem;
    constexpr uintmax_t kMaxFileBytes = uintmax_t{2} * 1024 * 1024;
    constexpr size_t kMaxFiles = 5000;
    ContentFiles files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        problems.push_back({".", 0, "content folder is missing"});
        return files;
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() != ".yaml") continue;
        std::string rel = fs::relative(it->path(), dir).generic_string();
        if (files.size() >= kMaxFiles) {
            problems.push_back({rel, 0, "too many content files (more than 5000)"});
            break;
        }
        if (it->file_size() > kMaxFileBytes) {
            problems.push_back({rel, 0, "file is larger than 2 MiB"});
            continue;
        }
        std::ifstream in(it->path(), std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        if (!in && !in.eof()) {
            problems.push_back({rel, 0, "file cannot be read"});
            continue;
        }
        files.emplace(std::move(rel), buffer.str());
    }
    if (ec) problems.push_back({".", 0, "content folder cannot be read: " + ec.message()});
    return files;
}

LoadResult load_content(const std::filesystem::path& dir, Rules rules) {
    Problems problems;
    ContentFiles files = read_content_files(dir, problems);
    if (!problems.empty()) return LoadResult{nullptr, std::move(problems)};
    return load_content_files(files, rules);
}

LoadResult load_content_files(const ContentFiles& files, Rules rules) {
    LoadContext ctx(files, rules);
    load_roadmap_file(ctx);
    load_glossary(ctx);
    detail::load_elements(ctx);
    load_audiences(ctx);
    detail::load_examples(ctx);
    detail::load_resources(ctx);
    load_collections(ctx);
    detail::load_guide(ctx);
    ctx.roadmap.build_indexes();
    order_area_elements(ctx);
    detail::validate_references(ctx.roadmap, ctx.refs, ctx.question_lines, ctx.problems);
    if (rules == Rules::kCurrent) {
        detail::validate_examples_per_element(ctx.roadmap, ctx.element_id_lines, ctx.problems);
        detail::validate_glossary_use(ctx.roadmap, ctx.element_texts, ctx.problems);
    }

    LoadResult result;
    result.problems = std::move(ctx.problems);
    if (result.problems.empty()) {
        ctx.roadmap.fingerprint = ctx.fingerprint();
        ctx.roadmap.files = files;
        result.roadmap = std::make_shared<const Roadmap>(std::move(ctx.roadmap));
    }
    return result;
}

}  // namespace cbe::content
