#include "content/detail/yaml_reader.hpp"

#include "core/text.hpp"

namespace cbe::content {

std::string Problem::to_string() const {
    return file + ":" + std::to_string(line) + ": " + message;
}

namespace detail {

bool is_valid_id(const std::string& id) {
    if (id.empty() || id.size() > 80 || id.front() == '-' || id.back() == '-') return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

int YamlReader::line_of(const YAML::Node& node) const {
    if (!node.IsDefined()) return 0;
    auto mark = node.Mark();
    return mark.line < 0 ? 0 : mark.line + 1;
}

void YamlReader::problem(const YAML::Node& at, std::string message) {
    problems_.push_back(Problem{file_, line_of(at), std::move(message)});
}

bool YamlReader::expect_map(const YAML::Node& node, const std::string& what) {
    if (node.IsMap()) return true;
    problem(node, what + " must be a mapping of fields");
    return false;
}

YAML::Node YamlReader::sequence(const YAML::Node& map, const char* key, bool required) {
    YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) {
        if (required) problem(map, std::string("missing '") + key + "'");
        return YAML::Node(YAML::NodeType::Sequence);
    }
    if (!node.IsSequence()) {
        problem(node, std::string("'") + key + "' must be a list");
        return YAML::Node(YAML::NodeType::Sequence);
    }
    return node;
}

YAML::Node YamlReader::map(const YAML::Node& parent, const char* key) {
    YAML::Node node = parent[key];
    if (!node.IsDefined() || node.IsNull()) {
        problem(parent, std::string("missing '") + key + "'");
        return YAML::Node(YAML::NodeType::Map);
    }
    if (!node.IsMap()) {
        problem(node, std::string("'") + key + "' must be a mapping of fields");
        return YAML::Node(YAML::NodeType::Map);
    }
    return node;
}

std::string YamlReader::string(const YAML::Node& map, const char* key, bool required) {
    YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) {
        if (required) problem(map, std::string("missing '") + key + "'");
        return {};
    }
    if (!node.IsScalar()) {
        problem(node, std::string("'") + key + "' must be text");
        return {};
    }
    std::string value(text::trim(node.Scalar()));
    if (value.empty() && required) problem(node, std::string("'") + key + "' is empty");
    if (!text::is_valid_utf8(value)) {
        problem(node, std::string("'") + key + "' is not valid UTF-8");
        return {};
    }
    return value;
}

std::vector<std::string> YamlReader::strings(const YAML::Node& map, const char* key,
                                             bool required) {
    std::vector<std::string> values;
    for (const auto& item : sequence(map, key, required)) {
        if (!item.IsScalar() || text::trim(item.Scalar()).empty()) {
            problem(item, std::string("each entry of '") + key + "' must be non-empty text");
            continue;
        }
        values.emplace_back(text::trim(item.Scalar()));
    }
    return values;
}

int YamlReader::integer(const YAML::Node& map, const char* key) {
    YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) {
        problem(map, std::string("missing '") + key + "'");
        return 0;
    }
    try {
        return node.as<int>();
    } catch (const YAML::Exception&) {
        problem(node, std::string("'") + key + "' must be a whole number");
        return 0;
    }
}

void YamlReader::allow_only(const YAML::Node& map, std::initializer_list<const char*> allowed) {
    if (!map.IsMap()) return;
    for (const auto& entry : map) {
        const std::string key = entry.first.Scalar();
        bool known = false;
        for (const char* name : allowed) known = known || key == name;
        if (!known) problem(entry.first, "unknown field '" + key + "'");
    }
}

std::string YamlReader::id(const YAML::Node& map, const char* key) {
    std::string value = string(map, key);
    if (!value.empty() && !is_valid_id(value)) {
        problem(map[key], "id '" + value + "' must be lowercase letters, digits, '-' or '.'");
    }
    return value;
}

}  // namespace detail
}  // namespace cbe::content
