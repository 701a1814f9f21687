#include "report/search_index.hpp"

#include <gtest/gtest.h>

#include "core/text.hpp"
#include "report/search_page.hpp"
#include "unit/test_content.hpp"

namespace cbe::report {

namespace {

SearchDocument doc(SearchKind kind, std::string title, std::string keywords, std::string body) {
    return {kind, "/" + title, std::move(title), "", std::move(keywords), std::move(body)};
}

std::vector<std::string> titles(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    out.reserve(hits.size());
    for (const auto& h : hits) out.push_back(h.document->title);
    return out;
}

SearchIndex small_index() {
    return SearchIndex({
        doc(SearchKind::kResource, "Transcripts for mastery", "",
            "A guide to records of learning."),
        doc(SearchKind::kElement, "Learner records", "Technology",
            "Records of mastery, transcript after transcript, transcript again."),
        doc(SearchKind::kExample, "A district shares data", "district",
            "It mentions mastery once."),
        doc(SearchKind::kTerm, "Interoperability", "interoperable", "Systems that exchange data."),
    });
}

}  // namespace

TEST(SearchTerms, LowercaseDropCommonWordsFoldPluralsAndRepeats) {
    EXPECT_EQ(search_terms("The Policies of SYSTEMS and systems"),
              (std::vector<std::string>{"policy", "system"}));
    EXPECT_EQ(search_terms("process status basis"),
              (std::vector<std::string>{"process", "status", "basis"}));
}

TEST(SearchTerms, EmptyOrOnlyCommonWordsGiveNothing) {
    EXPECT_TRUE(search_terms("").empty());
    EXPECT_TRUE(search_terms("   ").empty());
    EXPECT_TRUE(search_terms("the and of to a").empty());
    EXPECT_TRUE(search_terms("<>&\"'").empty());
}

TEST(SearchTerms, LongQueriesAreCutInLengthAndInWords) {
    std::string many;
    for (int i = 0; i < 40; ++i) many += "word" + std::to_string(i) + " ";
    EXPECT_EQ(search_terms(many).size(), kMaxSearchTerms);
    std::string huge(100000, 'x');
    auto terms = search_terms(huge + " mastery");
    ASSERT_EQ(terms.size(), 1U);  // "mastery" lies past the cut
    EXPECT_EQ(terms[0].size(), kMaxSearchChars);
}

TEST(SearchIndex, EveryTermMustMatch) {
    auto index = small_index();
    EXPECT_EQ(titles(index.search(search_terms("mastery data"))),
              std::vector<std::string>{"A district shares data"});
    EXPECT_TRUE(index.search(search_terms("mastery unicorn")).empty());
}

TEST(SearchIndex, EmptyQueryFindsNothing) {
    auto index = small_index();
    EXPECT_TRUE(index.search({}).empty());
}

TEST(SearchIndex, TitleMatchesOutrankRepeatedMentionsInText) {
    auto index = small_index();
    auto hits = index.search(search_terms("transcript"));
    ASSERT_EQ(titles(hits),
              (std::vector<std::string>{"Transcripts for mastery", "Learner records"}));
    EXPECT_GT(hits[0].score, hits[1].score);
}

TEST(SearchIndex, RareWordsWeighMoreThanCommonOnes) {
    // "mastery" is in three documents, "guide" in one: one mention of the rare word counts
    // for more than one mention of the common word.
    auto index = small_index();
    auto hits = index.search(search_terms("mastery"));
    ASSERT_EQ(hits.size(), 3U);
    EXPECT_EQ(hits[0].document->title, "Transcripts for mastery");
    auto rare = index.search(search_terms("guide"));
    auto common = index.search(search_terms("mastery"));
    EXPECT_GT(rare[0].score, common.back().score);
}

TEST(SearchIndex, AWordFindsLongerWordsStartingWithItButRanksExactMatchesFirst) {
    SearchIndex index({doc(SearchKind::kResource, "Assessment systems", "", ""),
                       doc(SearchKind::kResource, "How to assess", "", "")});
    EXPECT_EQ(titles(index.search(search_terms("assess"))),
              (std::vector<std::string>{"How to assess", "Assessment systems"}));
    // Two letters are too few to stand for longer words.
    EXPECT_TRUE(index.search(search_terms("as")).empty());
}

TEST(SearchIndex, ATitleThatIsExactlyTheQueryComesFirst) {
    SearchIndex index({doc(SearchKind::kResource, "Interoperability in practice", "",
                           "interoperability interoperability interoperability"),
                       doc(SearchKind::kTerm, "Interoperability", "", "Systems talk.")});
    EXPECT_EQ(index.search(search_terms("interoperability"))[0].document->title,
              "Interoperability");
}

TEST(SearchIndex, KeywordsAreSearched) {
    auto index = small_index();
    EXPECT_EQ(titles(index.search(search_terms("interoperable"))),
              std::vector<std::string>{"Interoperability"});
}

TEST(SearchIndex, TiesGoByKindThenTitle) {
    SearchIndex index({doc(SearchKind::kResource, "B", "", "equity"),
                       doc(SearchKind::kResource, "A", "", "equity"),
                       doc(SearchKind::kElement, "C", "", "equity")});
    EXPECT_EQ(titles(index.search(search_terms("equity"))),
              (std::vector<std::string>{"C", "A", "B"}));
}

TEST(Highlight, MarksMatchingWordsAndEscapesEverythingElse) {
    auto terms = search_terms("mastery");
    EXPECT_EQ(highlight_html("Mastery & <b>masteries</b> \"too\"", terms),
              "<mark>Mastery</mark> &amp; &lt;b&gt;<mark>masteries</mark>&lt;/b&gt; "
              "&quot;too&quot;");
}

TEST(Highlight, HostileQueriesNeverReachTheHtmlUnescaped) {
    auto terms = search_terms("<script>alert(1)</script>");
    EXPECT_EQ(terms, (std::vector<std::string>{"script", "alert"}));
    std::string html = highlight_html("<script>alert(1)</script> in the text", terms);
    EXPECT_EQ(html,
              "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt; in "
              "the text");
    EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Snippet, CentresOnTheFirstMatchAndMarksTheCuts) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += "filler ";
    text += "the transcript is here";
    for (int i = 0; i < 60; ++i) text += " filler";
    std::string snippet = snippet_html(text, search_terms("transcript"), 120);
    EXPECT_EQ(snippet.rfind("… ", 0), 0U);
    EXPECT_NE(snippet.find("<mark>transcript</mark>"), std::string::npos);
    EXPECT_EQ(snippet.substr(snippet.size() - 4), " …");
    EXPECT_LT(snippet.size(), 200U);
}

TEST(Snippet, ShortTextIsWholeAndNeverCutsACharacter) {
    EXPECT_EQ(snippet_html("Short é text", search_terms("text"), 100), "Short é <mark>text</mark>");
    std::string accents;
    for (int i = 0; i < 100; ++i) accents += "éé ";
    std::string snippet = snippet_html(accents, {}, 50);
    EXPECT_TRUE(text::is_valid_utf8(snippet));
}

TEST(PlainText, DropsTagsDecodesEntitiesAndSeparatesBlocks) {
    EXPECT_EQ(plain_text("<p>One &amp; <em>two</em></p>\n<ul><li>three</li><li>four</li></ul>"),
              "One & two three four");
}

TEST(SearchDocuments, CoverElementsTermsExamplesAndResources) {
    const auto& roadmap = *testing::fixture_roadmap();
    auto docs = search_documents(roadmap);
    EXPECT_EQ(docs.size(), roadmap.elements.size() + roadmap.glossary.size() +
                               roadmap.examples.size() + roadmap.resources.size());
    SearchIndex index(std::move(docs));
    auto hits = index.search(search_terms("seat time"));
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].document->url, "/glossary#seat-time");
    // Alias of a glossary term.
    EXPECT_EQ(index.search(search_terms("mastered"))[0].document->url, "/glossary#mastery");
}

TEST(SearchModel, EmptyQueryExplainsAndLongQueryIsCut) {
    SearchIndex index(search_documents(*testing::fixture_roadmap()));
    auto empty = search_model(index, "  ", std::nullopt);
    EXPECT_TRUE(empty.at("empty_query").as_bool());
    EXPECT_FALSE(empty.at("searched").as_bool());
    auto common = search_model(index, "the and", std::nullopt);
    EXPECT_TRUE(common.at("no_terms").as_bool());
    auto long_query = search_model(index, std::string(5000, 'a'), std::nullopt);
    EXPECT_TRUE(long_query.at("truncated").as_bool());
    EXPECT_EQ(long_query.at("query").as_string().size(), kMaxSearchChars);
}

TEST(SearchModel, KindNarrowsResultsButCountsEveryKind) {
    SearchIndex index(search_documents(*testing::fixture_roadmap()));
    auto all = search_model(index, "mastery", std::nullopt);
    auto terms_only = search_model(index, "mastery", SearchKind::kTerm);
    EXPECT_EQ(all.at("total"), terms_only.at("total"));
    EXPECT_LT(terms_only.at("count").as_uint64(), all.at("count").as_uint64());
    for (const auto& r : terms_only.at("results").as_array()) {
        EXPECT_EQ(r.at("kind").as_string(), "term");
    }
    EXPECT_EQ(search_kind("resource"), SearchKind::kResource);
    EXPECT_FALSE(search_kind("<script>").has_value());
}

}  // namespace cbe::report
