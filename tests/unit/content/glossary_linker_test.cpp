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

namespace {
std::vector<std::string> unmatched(const std::vector<GlossaryTerm>& glossary,
                                   std::string_view text) {
    std::vector<std::string> out;
    for (const auto& use : GlossaryLinker(glossary).unmatched_uses(text)) {
        out.push_back(use.term_id + ":" + use.used);
    }
    return out;
}
using Uses = std::vector<std::string>;
}  // namespace

TEST(GlossaryLinkerUses, NameAndAliasesAreMatched) {
    EXPECT_EQ(unmatched(terms(), "Competency and competencies in CBE."), Uses{});
}

TEST(GlossaryLinkerUses, PluralsAndHyphensTheGlossaryDoesNotListAreNot) {
    std::vector<GlossaryTerm> glossary{{"rubric", "Rubric", {}, ""},
                                       {"seat-time", "Seat time", {}, ""},
                                       {"policy", "Policy", {}, ""},
                                       {"case", "CASE", {}, ""}};
    EXPECT_EQ(unmatched(glossary, "Rubrics, seat-time rules, policies and CASEs."),
              (Uses{"seat-time:seat-time", "rubric:Rubrics", "policy:policies", "case:CASEs"}));
}

TEST(GlossaryLinkerUses, LowercaseWordsAreNoUseOfAnAcronym) {
    EXPECT_EQ(unmatched(terms(), "In that case, and in other cases."), Uses{});
}

TEST(GlossaryLinkerUses, WordsInsideALongerTermBelongToIt) {
    std::vector<GlossaryTerm> glossary{{"lti", "LTI", {"Learning Tools Interoperability"}, ""},
                                       {"interoperability", "Interoperability", {}, ""},
                                       {"standard", "Data standard", {}, ""},
                                       {"ds", "Data standards body", {}, ""}};
    EXPECT_EQ(unmatched(glossary, "Learning Tools Interoperability and a data standards body."),
              Uses{});
}

TEST(GlossaryLinkerUses, ExplicitLinksAreLinksAlready) {
    std::vector<GlossaryTerm> glossary{{"rubric", "Rubric", {}, ""}};
    EXPECT_EQ(unmatched(glossary, "Use [[rubrics|rubric]] and [[rubric]]."), Uses{});
}

TEST(GlossaryLinkerUses, EachFormIsReportedOnce) {
    std::vector<GlossaryTerm> glossary{{"rubric", "Rubric", {}, ""}};
    EXPECT_EQ(unmatched(glossary, "Rubrics here, rubrics there."), Uses{"rubric:Rubrics"});
}

}  // namespace cbe::content
