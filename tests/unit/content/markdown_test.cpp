#include "content/markdown.hpp"

#include <gtest/gtest.h>

namespace cbe::content {

TEST(Markdown, RendersParagraphsEmphasisAndLinks) {
    EXPECT_EQ(render_markdown("Some *very* [good](https://example.org) text."),
              "<p>Some <em>very</em> <a href=\"https://example.org\">good</a> text.</p>");
}

TEST(Markdown, RendersTables) {
    auto html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
    EXPECT_NE(html.find("<table>"), std::string::npos);
}

TEST(Markdown, SafeModeDropsRawHtmlAndScriptUrls) {
    auto html = render_markdown("<b onclick=\"x()\">hi</b> [x](javascript:alert(1))");
    EXPECT_EQ(html.find("onclick"), std::string::npos);
    EXPECT_EQ(html.find("javascript:"), std::string::npos);
}

TEST(Markdown, ExpandsBothGlossaryLinkForms) {
    std::vector<std::string> used;
    auto out = expand_glossary_links(
        "See [[mastery]] and [[the CASE standard|case]].",
        [](const std::string& id) { return id == "mastery" ? "Mastery" : id; }, used);
    EXPECT_EQ(out, "See [Mastery](/glossary#mastery) and [the CASE standard](/glossary#case).");
    EXPECT_EQ(used, (std::vector<std::string>{"mastery", "case"}));
}

TEST(Markdown, LeavesUnclosedBracketsAlone) {
    std::vector<std::string> used;
    auto out = expand_glossary_links(
        "a [[b", [](const std::string& id) { return id; }, used);
    EXPECT_EQ(out, "a [[b");
    EXPECT_TRUE(used.empty());
}

}  // namespace cbe::content
