// Typed field access on yaml-cpp nodes that records a Problem (with its line) for every
// missing or mistyped field instead of throwing, so one run reports every problem.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "content/problem.hpp"

namespace cbe::content::detail {

class YamlReader {
  public:
    YamlReader(std::string file, Problems& problems)
        : file_(std::move(file)), problems_(problems) {}

    const std::string& file() const { return file_; }
    int line_of(const YAML::Node& node) const;
    void problem(const YAML::Node& at, std::string message);

    // True when `node` is a map; records a problem naming `what` otherwise.
    bool expect_map(const YAML::Node& node, const std::string& what);
    // The sequence under `key` (empty and a problem when missing or not a sequence).
    YAML::Node sequence(const YAML::Node& map, const char* key, bool required = true);
    YAML::Node map(const YAML::Node& parent, const char* key);

    std::string string(const YAML::Node& map, const char* key, bool required = true);
    std::vector<std::string> strings(const YAML::Node& map, const char* key, bool required = true);
    int integer(const YAML::Node& map, const char* key);
    // Records a problem for every key of `map` not in `allowed` (catches misspelt fields).
    void allow_only(const YAML::Node& map, std::initializer_list<const char*> allowed);
    // A required id: lowercase kebab-case (letters, digits, '-', '.').
    std::string id(const YAML::Node& map, const char* key = "id");

  private:
    std::string file_;
    Problems& problems_;
};

bool is_valid_id(const std::string& id);

}  // namespace cbe::content::detail
