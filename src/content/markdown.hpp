// Markdown to safe HTML (cmark-gfm; raw HTML in the source is dropped), and the explicit
// glossary-link syntax `[[term-id]]` / `[[shown text|term-id]]`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cbe::content {

std::string render_markdown(std::string_view markdown);

// Rewrites glossary links into Markdown links to /glossary#id. `name_of` gives the text shown
// for `[[id]]`; every id used is appended to `used` (the caller checks they exist).
std::string expand_glossary_links(std::string_view markdown,
                                  const std::function<std::string(const std::string&)>& name_of,
                                  std::vector<std::string>& used);

}  // namespace cbe::content
