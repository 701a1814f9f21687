#include "content/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace cbe::content {

namespace {

struct ParserDeleter {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};

}  // namespace

std::string render_markdown(std::string_view markdown) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

    // Default options are safe: raw HTML and dangerous URLs (javascript:) are not rendered.
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_SMART;
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
    for (const char* name : {"table", "autolink", "strikethrough"}) {
        if (auto* ext = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser.get(), ext);
        }
    }
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
    char* html =
        cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
    std::string out(html);
    std::free(html);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

std::string expand_glossary_links(std::string_view markdown,
                                  const std::function<std::string(const std::string&)>& name_of,
                                  std::vector<std::string>& used) {
    std::string out;
    out.reserve(markdown.size());
    size_t pos = 0;
    while (pos < markdown.size()) {
        size_t open = markdown.find("[[", pos);
        size_t close = open == std::string_view::npos ? open : markdown.find("]]", open + 2);
        if (close == std::string_view::npos) break;
        std::string_view inner = markdown.substr(open + 2, close - open - 2);
        size_t bar = inner.rfind('|');
        std::string id(bar == std::string_view::npos ? inner : inner.substr(bar + 1));
        std::string shown =
            bar == std::string_view::npos ? name_of(id) : std::string(inner.substr(0, bar));
        used.push_back(id);
        out.append(markdown.substr(pos, open - pos));
        out.append("[").append(shown).append("](/glossary#").append(id).append(")");
        pos = close + 2;
    }
    out.append(markdown.substr(pos));
    return out;
}

}  // namespace cbe::content
