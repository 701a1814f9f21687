#include "content/glossary_linker.hpp"

#include <gtest/gtest.h>

namespace cbe::content {

namespace {
std::vector<GlossaryTerm> terms() {
    return {{"competency", "Competency", {"competencies"}, ""},
            {"cbe", "Competency-based education", {"CBE"}, ""},
            {"case", "CASE", {}, ""}};
}
}  // namespace

TEST(GlossaryLinker, LinksOnlyTheFirstUseOfEachTerm) {
    GlossaryLinker linker(terms());
    auto out = linker.link_first_uses("<p>A competency and another competency.</p>");
    EXPECT_EQ(out,
              "<p>A <a class=\"glossary-link\" href=\"/glossary#competency\">competency</a> "
              "and another competency.</p>");
}

TEST(GlossaryLinker, PrefersTheLongestTerm) {
    GlossaryLinker linker(terms());
    auto out = linker.link_first_uses("<p>Competency-based education works.</p>");
    EXPECT_NE(out.find("href=\"/glossary#cbe\">Competency-based education</a>"), std::string::npos);
    EXPECT_EQ(out.find("#competency\""), std::string::npos);
}

TEST(GlossaryLinker, MatchesAcronymsOnlyInCapitals) {
    GlossaryLinker linker(terms());
    EXPECT_EQ(linker.link_first_uses("<p>In that case, no.</p>"), "<p>In that case, no.</p>");
    EXPECT_NE(linker.link_first_uses("<p>Use CASE.</p>").find("#case"), std::string::npos);
}

TEST(GlossaryLinker, MatchesWholeWordsOnly) {
    GlossaryLinker linker(terms());
    EXPECT_EQ(linker.link_first_uses("<p>incompetency</p>"), "<p>incompetency</p>");
}

TEST(GlossaryLinker, NeverLinksInsideLinksHeadingsOrNavigation) {
    GlossaryLinker linker(terms());
    std::string html =
        "<h1>Competency</h1><a href=\"/x\">competency</a><nav><span>competency</span></nav>"
        "<p>competency</p>";
    auto out = linker.link_first_uses(html);
    EXPECT_EQ(out.find("<h1><a"), std::string::npos);
    EXPECT_NE(out.find("<p><a class=\"glossary-link\""), std::string::npos);
    EXPECT_NE(out.find("<nav><span>competency</span></nav>"), std::string::npos);
}

TEST(GlossaryLinker, KeepsTagsAndAttributesIntact) {
    GlossaryLinker linker(terms());
    std::string html = "<p class=\"competency\" title=\"competencies\">x</p>";
    EXPECT_EQ(linker.link_first_uses(html), html);
}

}  // namespace cbe::content
