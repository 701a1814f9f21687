#include "unit/web/site_fixture.hpp"

namespace cbe::web::testing {

class SiteTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { site_ = make_site(); }
    static void TearDownTestSuite() { site_.reset(); }
    Response get(const std::string& target,
                 std::vector<std::pair<std::string, std::string>> headers = {},
                 Method method = Method::kGet) {
        Request r;
        r.method = method;
        EXPECT_TRUE(parse_target(target, r));
        r.headers = std::move(headers);
        return site_->handle(r);
    }
    static std::shared_ptr<Site> site_;
};
std::shared_ptr<Site> SiteTest::site_;

TEST_F(SiteTest, EveryResponseCarriesTheSecurityHeaders) {
    for (const auto& target : {"/", "/nope", "/resources?stage=bogus"}) {
        Response r = get(target);
        std::string csp = header(r, "Content-Security-Policy");
        EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << target;
        EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
        EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target;
        EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_FALSE(header(r, "Referrer-Policy").empty()) << target;
    }
}

TEST_F(SiteTest, CachedPagesAnswerConditionalRequestsWith304) {
    Response first = get("/roadmap");
    ASSERT_EQ(first.status, 200);
    std::string etag = header(first, "ETag");
    ASSERT_FALSE(etag.empty());
    Response again = get("/roadmap", {{"if-none-match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body_view().empty());
    Response other = get("/roadmap", {{"if-none-match", "\"stale\""}});
    EXPECT_EQ(other.status, 200);
}

TEST_F(SiteTest, PagesAreGzippedOnlyWhenTheClientAsks) {
    Response plain = get("/glossary");
    EXPECT_FALSE(plain.gzipped);
    EXPECT_EQ(plain.body_view().substr(0, 15), "<!DOCTYPE html>");
    Response packed = get("/glossary", {{"accept-encoding", "gzip, deflate"}});
    EXPECT_TRUE(packed.gzipped);
    ASSERT_GE(packed.body_view().size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(packed.body_view()[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(packed.body_view()[1]), 0x8b);
}

TEST_F(SiteTest, HashedAssetsAreImmutableAndStylesheetFontsResolve) {
    Response page = get("/");
    std::string html(page.body_view());
    auto at = html.find("/assets/");
    ASSERT_NE(at, std::string::npos);
    std::string prefix = html.substr(at, html.find("/uswds/", at) - at);
    Response css = get(prefix + "/uswds/css/uswds.min.css");
    ASSERT_EQ(css.status, 200);
    EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
    EXPECT_NE(header(css, "Cache-Control").find("immutable"), std::string::npos);
    // The stylesheet's relative ../fonts/ URL resolves under the same prefix.
    Response font =
        get(prefix + "/uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2");
    EXPECT_EQ(font.status, 200);
    EXPECT_EQ(get(prefix + "/uswds/css/missing.css").status, 404);
    EXPECT_EQ(get(prefix + "/../../etc/passwd").status, 404);
}

TEST_F(SiteTest, UnknownPagesGetAHelpful404) {
    Response r = get("/elements/tech.nothing");
    EXPECT_EQ(r.status, 404);
    std::string html(r.body_view());
    EXPECT_NE(html.find("Page not found"), std::string::npos);
    EXPECT_NE(html.find("href=\"/roadmap\""), std::string::npos);
}

TEST_F(SiteTest, WrongMethodGets405WithAllow) {
    Response r = get("/about", {}, Method::kPost);
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(header(r, "Allow"), "GET, HEAD");
}

TEST_F(SiteTest, ResourceFiltersAreValidated) {
    EXPECT_EQ(get("/resources?stage=entry").status, 200);
    EXPECT_EQ(get("/resources?stage=bogus").status, 400);
    EXPECT_EQ(get("/resources?q=" + std::string(201, 'a')).status, 400);
    Response found = get("/resources?q=protect");
    std::string html(found.body_view());
    EXPECT_NE(html.find("A privacy guide"), std::string::npos);
    EXPECT_EQ(html.find("Records standard</a>"), std::string::npos);
}

TEST_F(SiteTest, SearchTextIsEscapedWhenShownBack) {
    Response r = get("/resources?q=%3Cscript%3Ealert(1)%3C/script%3E");
    std::string html(r.body_view());
    EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(SiteTest, ElementPageShowsEveryStageMovesAndLinksGlossaryTerms) {
    Response r = get("/elements/tech.records");
    ASSERT_EQ(r.status, 200);
    std::string html(r.body_view());
    for (const char* text :
         {"Grades come from assignments.", "Records travel with the learner.",
          "Moves to reach Developing", "Let learners share.", "What does the state collect?",
          "Sample district tracks mastery", "Records standard", "href=\"/glossary#mastery\""}) {
        EXPECT_NE(html.find(text), std::string::npos) << text;
    }
}

TEST_F(SiteTest, MatrixFiltersByPathwayAndRejectsUnknownOnes) {
    std::string state(get("/roadmap?audience=state").body_view());
    EXPECT_NE(state.find("Credit flexibility"), std::string::npos);
    EXPECT_EQ(state.find("/elements/tech.records"), std::string::npos);
    EXPECT_EQ(get("/roadmap?audience=parents").status, 400);
}

// A refused form answers with the one status mapping, and says when to come back when the
// refusal is a rate limit (never "0": at least a second); a page that is not the form is left as
// is.
TEST(RefusedForm, TakesTheErrorsStatusAndRetryAfter) {
    Response form;
    Response limited = Site::refused_form(form, Error{ErrorCode::kRateLimited, "rate.wait", 0});
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(header(limited, "Retry-After"), "1");
    EXPECT_EQ(header(Site::refused_form(form, Error{ErrorCode::kRateLimited, "rate.wait", 42}),
                     "Retry-After"),
              "42");
    Response typo = Site::refused_form(form, Error{ErrorCode::kInvalidInput, "x"});
    EXPECT_EQ(typo.status, 400);
    EXPECT_EQ(header(typo, "Retry-After"), "");
    EXPECT_EQ(Site::refused_form(form, Error{ErrorCode::kNotFound, "x"}).status, 404);
    EXPECT_EQ(Site::refused_form(form, Error{ErrorCode::kConflict, "x"}).status, 409);
    Response broken;
    broken.status = 500;
    EXPECT_EQ(Site::refused_form(broken, Error{ErrorCode::kRateLimited, "rate.wait", 5}).status,
              500);
}

}  // namespace cbe::web::testing
