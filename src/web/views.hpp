// Mustache templates (kainjow): one layout, pages in templates/pages, partials in
// templates/components. Text is escaped; raw HTML only through names ending in _html.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace cbe::web {

class Views {
  public:
    // Reads and checks every template; a problem names the file.
    [[nodiscard]] static Result<std::shared_ptr<const Views>> load(
        const std::string& templates_dir);

    // Renders pages/<page> with `model`, then the layout around it with `layout` (which gains
    // body_html). Thread-safe: each thread keeps its own parsed copies.
    std::string render(const std::string& page, const boost::json::object& model,
                       const boost::json::object& layout) const;
    // Renders pages/<page> alone (no layout).
    std::string render_fragment(const std::string& page, const boost::json::object& model) const;

  private:
    std::map<std::string, std::string> sources_;  // "layout", "pages/x", "components/y"
    uint64_t generation_ = 0;                     // distinguishes reloaded template sets
};

}  // namespace cbe::web
