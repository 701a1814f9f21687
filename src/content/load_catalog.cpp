// Loads the examples from the field and the resources: real, sourced, tied to elements.
#include <algorithm>
#include <chrono>

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

// True for a real calendar date written YYYY-MM-DD, in `year` unless that is 0.
bool is_iso_date_in(const std::string& text, int year) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    int y = std::stoi(text.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
    unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
    return (year == 0 || y == year) &&
           std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                       std::chrono::day{d}}
               .ok();
}

// `accessed` (when the sources were last checked) and `source_kind`, both required of
// current content (content 1.0.0 had neither).
void load_provenance(const LoadContext& ctx, YamlReader& r, const YAML::Node& node,
                     std::string& accessed, std::string& source_kind) {
    accessed = r.string(node, "accessed", ctx.current());
    // A snapshot keeps the dates it was checked on, from whatever year that was.
    if (!accessed.empty() && !is_iso_date_in(accessed, ctx.current() ? kAccessedYear : 0)) {
        std::string year = std::to_string(kAccessedYear);
        r.problem(node["accessed"], "accessed must be a date in " + year + ", written like " +
                                        year + "-03-15, when the sources were last checked");
    }
    source_kind = r.string(node, "source_kind", ctx.current());
    check_one_of(r, node["source_kind"], source_kind, kSourceKinds, "source_kind");
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
    r.allow_only(node, {"id", "name", "kind", "place", "years", "accessed", "source_kind",
                        "summary", "illustrates", "sources"});
    Example example;
    example.id = r.id(node);
    example.name = r.string(node, "name");
    example.kind = r.string(node, "kind");
    check_one_of(r, node["kind"], example.kind, kExampleKinds, "kind");
    example.place = r.string(node, "place");
    example.years = r.string(node, "years");
    load_provenance(ctx, r, node, example.accessed, example.source_kind);
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
    r.allow_only(node, {"id", "title", "publisher", "year", "type", "summary", "url", "accessed",
                        "source_kind", "elements", "stages", "audiences"});
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
    load_provenance(ctx, r, node, resource.accessed, resource.source_kind);
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
