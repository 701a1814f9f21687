// Mustache templates (kainjow): one layout, pages in templates/pages, partials in
// templates/components. Text is escaped; raw HTML only through names ending in _html.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.hpp"

namespace cbe::web {

class Views {
  public:
    Views() = default;
    ~Views();
    Views(const Views&) = delete;
    Views& operator=(const Views&) = delete;

    // Reads and checks every template; a problem names the file.
    [[nodiscard]] static Result<std::shared_ptr<const Views>> load(
        const std::string& templates_dir);

    // Renders pages/<page> with `model`, then the layout around it with `layout` (which gains
    // body_html). Thread-safe: each thread keeps its own parsed copies.
    std::string render(const std::string& page, const boost::json::object& model,
                       const boost::json::object& layout) const;
    // Renders pages/<page> alone (no layout).
    std::string render_fragment(const std::string& page, const boost::json::object& model) const;

    // Parsed templates alive in every Views (a count for the content reload test: a reload's
    // old set must not stay behind).
    static long long parsed_copies();

  private:
    struct Parsed;                                // one thread's parsed copies
    std::map<std::string, std::string> sources_;  // "layout", "pages/x", "components/y"
    // kainjow's render() is not const, so each thread parses its own copy once. They belong to
    // this Views and end with it: a content reload builds a new Views, and the old one's copies
    // go when the last request using it ends (a cache outside, keyed by template set, kept
    // every set ever loaded).
    mutable std::mutex parsed_mutex_;
    mutable std::map<std::thread::id, std::unique_ptr<Parsed>> parsed_;
};

}  // namespace cbe::web
