// Shared state of one content load: the model being built, problems, references, id claims.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "content/detail/references.hpp"
#include "content/detail/yaml_reader.hpp"
#include "content/loader.hpp"
#include "content/model.hpp"

namespace cbe::content::detail {

class LoadContext {
  public:
    LoadContext(const ContentFiles& files, Rules rules) : rules(rules), files_(files) {}

    const Rules rules;
    // True when fields added in later content versions are required (see Rules).
    bool current() const { return rules == Rules::kCurrent; }

    Roadmap roadmap;
    Problems problems;
    std::vector<PendingRef> refs;
    std::map<std::string, int> question_lines;
    std::map<std::string, int> element_id_lines;
    std::vector<TextAt> element_texts;  // every text field of every element, with its line

    // Parses `rel` (relative to the content directory); nullopt, with a problem, when the file
    // is missing (and required), unreadable or not valid YAML.
    std::optional<YAML::Node> parse(const std::string& rel, bool required = true);
    // The *.yaml files in `subdir`, as sorted relative paths.
    std::vector<std::string> files_in(const std::string& subdir);

    // A Markdown field rendered to safe HTML, with its glossary links recorded as references.
    std::string markdown(YamlReader& reader, const YAML::Node& map, const char* key,
                         bool required = true);
    void reference(RefKind kind, const std::string& id, YamlReader& reader, const YAML::Node& at);
    void references(RefKind kind, const std::vector<std::string>& ids, YamlReader& reader,
                    const YAML::Node& at);
    // Claims `id` within `kind`; a problem naming the first definition when already claimed.
    bool claim(const std::string& kind, const std::string& id, YamlReader& reader,
               const YAML::Node& at);
    std::string https_url(YamlReader& reader, const YAML::Node& map, const char* key = "url");

    std::string fingerprint() const;

  private:
    const ContentFiles& files_;
    uint64_t hash_ = 1469598103934665603ULL;  // FNV-1a over every file read
    std::map<std::string, std::string> claimed_;
};

void load_elements(LoadContext& context);
void load_examples(LoadContext& context);
void load_resources(LoadContext& context);
void load_guide(LoadContext& context);

}  // namespace cbe::content::detail
