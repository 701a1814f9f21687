// Loads elements/<id>.yaml: a stage text for every stage, moves for every step, questions.
#include <algorithm>

#include "content/detail/load_context.hpp"

namespace cbe::content::detail {

namespace {

constexpr size_t kMinItems = 3;
constexpr size_t kMaxItems = 5;
constexpr size_t kMaxMiniChars = 140;

// Keeps a text field (a scalar, or each scalar of a list) for the checks that read the words.
void keep_text(LoadContext& ctx, YamlReader& r, const YAML::Node& node) {
    if (!node.IsDefined()) return;  // a missing field, reported where it is read
    if (node.IsScalar()) {
        ctx.element_texts.push_back({r.file(), r.line_of(node), node.Scalar()});
    } else if (node.IsSequence()) {
        for (const auto& item : node) keep_text(ctx, r, item);
    }
}

void check_count(YamlReader& r, const YAML::Node& at, size_t count, const std::string& what) {
    if (count < kMinItems || count > kMaxItems) {
        r.problem(at, what + " needs 3 to 5 entries, has " + std::to_string(count));
    }
}

void load_stage_texts(LoadContext& ctx, YamlReader& r, const YAML::Node& node, Element& element) {
    YAML::Node stages = r.map(node, "stages");
    for (const auto& entry : stages) {
        std::string key = entry.first.Scalar();
        if (!stage_index(key)) r.problem(entry.first, "unknown stage '" + key + "'");
    }
    for (size_t i = 0; i < kStageCount; ++i) {
        std::string stage_id(kStageIds[i]);
        YAML::Node stage = stages[stage_id];
        if (!stage.IsDefined() || !stage.IsMap()) {
            r.problem(stages,
                      "stage '" + stage_id + "' needs a mini line, descriptor and indicators");
            continue;
        }
        r.allow_only(stage, {"mini", "descriptor", "indicators"});
        StageText& text = element.stages[i];
        for (const char* key : {"mini", "descriptor", "indicators"}) keep_text(ctx, r, stage[key]);
        text.mini = r.string(stage, "mini");
        if (text.mini.size() > kMaxMiniChars) {
            r.problem(stage["mini"], "mini line is longer than 140 characters");
        }
        text.descriptor_html = ctx.markdown(r, stage, "descriptor");
        text.indicators = r.strings(stage, "indicators");
        check_count(r, stage["indicators"].IsDefined() ? stage["indicators"] : stage,
                    text.indicators.size(), "stage '" + stage_id + "' indicators");
    }
}

void load_moves(LoadContext& ctx, YamlReader& r, const YAML::Node& node, Element& element) {
    YAML::Node moves = r.map(node, "moves");
    for (const auto& entry : moves) {
        std::string key = entry.first.Scalar();
        auto index = stage_index(key);
        if (!index || *index + 1 == kStageCount) {
            r.problem(entry.first,
                      "moves are keyed by the stage they start from: entry, "
                      "developing or scaling; not '" +
                          key + "'");
        }
    }
    for (size_t i = 0; i + 1 < kStageCount; ++i) {
        std::string from(kStageIds[i]);
        std::string step = from + " to " + std::string(kStageIds[i + 1]);
        if (!moves[from].IsDefined()) {
            r.problem(moves, "no moves for the step from " + step);
            continue;
        }
        keep_text(ctx, r, moves[from]);
        element.moves[i] = r.strings(moves, from.c_str());
        check_count(r, moves[from], element.moves[i].size(), "moves from " + step);
    }
}

void load_questions(LoadContext& ctx, YamlReader& r, const YAML::Node& node, Element& element) {
    YAML::Node questions = node["questions"];
    ctx.question_lines[element.id] = r.line_of(questions.IsDefined() ? questions : node);
    if (!questions.IsDefined()) return;  // reported per audience pathway in validation
    if (!r.expect_map(questions, "'questions'")) return;
    for (const auto& entry : questions) {
        std::string audience = entry.first.Scalar();
        if (std::find(kAudienceIds.begin(), kAudienceIds.end(), audience) == kAudienceIds.end()) {
            r.problem(entry.first, "unknown audience '" + audience + "'");
            continue;
        }
        keep_text(ctx, r, entry.second);
        element.questions[audience] = r.strings(questions, audience.c_str());
    }
}

void load_element(LoadContext& ctx, const std::string& file) {
    auto root = ctx.parse(file);
    if (!root) return;
    YamlReader r(file, ctx.problems);
    const YAML::Node& node = *root;
    r.allow_only(node, {"id", "area", "name", "why", "stages", "moves", "questions"});
    Element element;
    element.id = r.id(node);
    element.area = r.string(node, "area");
    element.name = r.string(node, "name");
    element.why = r.string(node, "why");
    keep_text(ctx, r, node["why"]);
    ctx.element_id_lines[element.id] = r.line_of(node["id"].IsDefined() ? node["id"] : node);
    std::string expected_file = "elements/" + element.id + ".yaml";
    if (!element.id.empty() && file != expected_file) {
        r.problem(node["id"], "file name must match the id: " + expected_file);
    }
    if (!element.area.empty() && ctx.roadmap.area(element.area) == nullptr &&
        std::find(kAreaIds.begin(), kAreaIds.end(), element.area) == kAreaIds.end()) {
        r.problem(node["area"], "unknown area '" + element.area + "'");
    }
    std::string prefix = element.area == "technology" ? "tech." : element.area + ".";
    if (!element.id.empty() && element.id.rfind(prefix, 0) != 0) {
        r.problem(node["id"],
                  "an element id in area '" + element.area + "' starts with '" + prefix + "'");
    }
    ctx.claim("element", element.id, r, node);
    load_stage_texts(ctx, r, node, element);
    load_moves(ctx, r, node, element);
    load_questions(ctx, r, node, element);
    ctx.roadmap.elements.push_back(std::move(element));
}

}  // namespace

void load_elements(LoadContext& ctx) {
    auto files = ctx.files_in("elements");
    if (files.empty()) ctx.problems.push_back({"elements", 0, "there are no elements"});
    for (const auto& file : files) load_element(ctx, file);
}

}  // namespace cbe::content::detail
