#include "content/detail/load_context.hpp"

#include <algorithm>

#include "content/markdown.hpp"

namespace cbe::content::detail {

std::optional<YAML::Node> LoadContext::parse(const std::string& rel, bool required) {
    auto it = files_.find(rel);
    if (it == files_.end()) {
        if (required) problems.push_back({rel, 0, "file is missing"});
        return std::nullopt;
    }
    const std::string& bytes = it->second;
    // FNV-1a over the name, a separator and the bytes (without copying the file to join them).
    auto mix = [this](unsigned char c) { hash_ = (hash_ ^ c) * 1099511628211ULL; };
    for (unsigned char c : rel) mix(c);
    mix('\0');
    for (unsigned char c : bytes) mix(c);
    try {
        YAML::Node root = YAML::Load(bytes);
        if (!root.IsMap()) {
            problems.push_back({rel, 1, "file must hold a mapping of fields at the top"});
            return std::nullopt;
        }
        return root;
    } catch (const YAML::Exception& e) {
        problems.push_back({rel, e.mark.line + 1, "YAML error: " + e.msg});
        return std::nullopt;
    }
}

std::vector<std::string> LoadContext::files_in(const std::string& subdir) {
    // Files directly in the folder (the map is sorted, so the result is too).
    std::vector<std::string> files;
    const std::string prefix = subdir + "/";
    for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
        const std::string& name = it->first;
        if (name.compare(0, prefix.size(), prefix) != 0) break;
        if (name.find('/', prefix.size()) == std::string::npos) files.push_back(name);
    }
    return files;
}

std::string LoadContext::markdown(YamlReader& reader, const YAML::Node& map, const char* key,
                                  bool required) {
    std::string source = reader.string(map, key, required);
    if (source.empty()) return {};
    std::vector<std::string> used;
    std::string expanded = expand_glossary_links(
        source,
        [this](const std::string& id) {
            const GlossaryTerm* term = roadmap.term(id);
            return term ? term->term : id;
        },
        used);
    references(RefKind::kTerm, used, reader, map[key]);
    return render_markdown(expanded);
}

void LoadContext::reference(RefKind kind, const std::string& id, YamlReader& reader,
                            const YAML::Node& at) {
    refs.push_back({kind, id, reader.file(), reader.line_of(at)});
}

void LoadContext::references(RefKind kind, const std::vector<std::string>& ids, YamlReader& reader,
                             const YAML::Node& at) {
    for (const auto& id : ids) reference(kind, id, reader, at);
}

bool LoadContext::claim(const std::string& kind, const std::string& id, YamlReader& reader,
                        const YAML::Node& at) {
    if (id.empty()) return false;
    std::string where = reader.file() + ":" + std::to_string(reader.line_of(at));
    auto [it, inserted] = claimed_.emplace(kind + "\n" + id, where);
    if (!inserted) {
        reader.problem(
            at, "duplicate " + kind + " id '" + id + "' (first defined at " + it->second + ")");
    }
    return inserted;
}

std::string LoadContext::https_url(YamlReader& reader, const YAML::Node& map, const char* key) {
    std::string url = reader.string(map, key);
    if (url.empty()) return url;
    bool ok = url.rfind("https://", 0) == 0 && url.size() > 8 &&
              url.find_first_of(" \t\"<>") == std::string::npos && url[8] != '/';
    if (!ok) reader.problem(map[key], "'" + std::string(key) + "' must be an absolute https URL");
    return url;
}

std::string LoadContext::fingerprint() const {
    static const char* digits = "0123456789abcdef";
    std::string hex(16, '0');
    for (int i = 0; i < 16; ++i) hex[15 - i] = digits[(hash_ >> (4 * i)) & 0xF];
    return hex;
}

}  // namespace cbe::content::detail
