// Browsing and search over HTTP: /search (ranking, empty and hostile queries, kinds), the
// example and resource filters (counts, options that would match nothing left out, a
// collection's own view), and gzip for pages rendered per request.
#include <gtest/gtest.h>
#include <zlib.h>

#include <regex>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

std::string gunzip(const std::string& data) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out(data.size() * 20 + 1024, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&stream, Z_FINISH);
    inflateEnd(&stream);
    EXPECT_EQ(rc, Z_STREAM_END);
    out.resize(stream.total_out);
    return out;
}

HttpResult get_gzip(uint16_t port, const std::string& target) {
    return http_request(port, "GET", target, {{"Accept-Encoding", "gzip, deflate"}});
}

// The hrefs of the search results, in order.
std::vector<std::string> result_links(const std::string& body) {
    std::vector<std::string> out;
    std::regex link(R"re(<h3 class="search-results__title"><a href="([^"]+)">)re");
    for (std::sregex_iterator it(body.begin(), body.end(), link), end; it != end; ++it) {
        out.push_back((*it)[1]);
    }
    return out;
}

// The <option> elements of the select named `name`.
std::string select_of(const std::string& body, const std::string& name) {
    auto start = body.find("<select class=\"usa-select\" id=\"" + name + "\"");
    if (start == std::string::npos) return "";
    return body.substr(start, body.find("</select>", start) - start);
}

}  // namespace

class BrowseSearch : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<RunningServer>(); }
    static void TearDownTestSuite() { server_.reset(); }
    static uint16_t port() { return server_->port; }
    static std::unique_ptr<RunningServer> server_;
};
std::unique_ptr<RunningServer> BrowseSearch::server_;

TEST_F(BrowseSearch, AnElementsNameFindsItsPageFirst) {
    const auto& element = server_->roadmap->elements.front();
    auto res =
        http_get(port(), "/search?q=" + std::regex_replace(element.name, std::regex(" "), "+"));
    ASSERT_EQ(res.status, 200);
    auto links = result_links(res.body);
    ASSERT_FALSE(links.empty());
    EXPECT_EQ(links.front(), "/elements/" + element.id);
}

TEST_F(BrowseSearch, AGlossaryTermFindsItsDefinitionFirstAndMatchesAreMarked) {
    const auto& term = server_->roadmap->glossary.front();
    auto res = http_get(port(), "/search?q=" + std::regex_replace(term.term, std::regex(" "), "+"));
    ASSERT_EQ(res.status, 200);
    auto links = result_links(res.body);
    ASSERT_FALSE(links.empty());
    EXPECT_EQ(links.front(), "/glossary#" + term.id);
    EXPECT_NE(res.body.find("<mark>"), std::string::npos);
    EXPECT_EQ(res.headers["x-robots-tag"], "noindex");
}

TEST_F(BrowseSearch, ResultsCanBeNarrowedToOneKind) {
    auto all = http_get(port(), "/search?q=mastery");
    auto resources = http_get(port(), "/search?q=mastery&kind=resource");
    ASSERT_EQ(resources.status, 200);
    auto links = result_links(resources.body);
    ASSERT_FALSE(links.empty());
    for (const auto& link : links) EXPECT_EQ(link.rfind("/resources/", 0), 0U) << link;
    EXPECT_LT(links.size(), result_links(all.body).size());
    EXPECT_EQ(http_get(port(), "/search?q=mastery&kind=everything").status, 400);
}

TEST_F(BrowseSearch, AnEmptyQueryExplainsWhatToSearch) {
    for (std::string target : {"/search", "/search?q=", "/search?q=+++"}) {
        auto res = http_get(port(), target);
        ASSERT_EQ(res.status, 200) << target;
        EXPECT_NE(res.body.find("What you can search"), std::string::npos) << target;
        EXPECT_TRUE(result_links(res.body).empty()) << target;
    }
    auto common = http_get(port(), "/search?q=the+and+of");
    EXPECT_NE(common.body.find("only very common words"), std::string::npos);
}

TEST_F(BrowseSearch, NothingFoundSaysSoAndSuggestsWhatToTry) {
    auto res = http_get(port(), "/search?q=zzzqqqxxx");
    ASSERT_EQ(res.status, 200);
    EXPECT_NE(res.body.find("No results for"), std::string::npos);
}

TEST_F(BrowseSearch, HostileQueriesAreEscapedEverywhere) {
    auto res = http_get(port(), "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%3E");
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.body.find("<script>alert"), std::string::npos);
    EXPECT_EQ(res.body.find("\"'>"), std::string::npos);
    EXPECT_NE(res.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(BrowseSearch, VeryLongQueriesAreCutAndSaySo) {
    std::string words;
    while (words.size() < 6000) words += "mastery+";
    auto res = http_get(port(), "/search?q=" + words);
    ASSERT_EQ(res.status, 200);
    EXPECT_NE(res.body.find("Only the first 200 characters"), std::string::npos);
    EXPECT_FALSE(result_links(res.body).empty());
}

TEST_F(BrowseSearch, ExampleFiltersCountEveryOptionAndLeaveOutEmptyOnes) {
    auto all = http_get(port(), "/examples");
    ASSERT_EQ(all.status, 200);
    std::string stages = select_of(all.body, "stage");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(stages, m, std::regex(R"(Any stage \((\d+)\))")));
    EXPECT_EQ(std::stoul(m[1]), server_->roadmap->examples.size());
    // Every stage is offered with its count, unless no example shows it.
    for (const auto& stage : server_->roadmap->stages) {
        size_t n = std::count_if(
            server_->roadmap->examples.begin(), server_->roadmap->examples.end(),
            [&](const auto& e) {
                return std::any_of(e.illustrates.begin(), e.illustrates.end(), [&](const auto& i) {
                    return std::find(i.stage_ids.begin(), i.stage_ids.end(), stage.id) !=
                           i.stage_ids.end();
                });
            });
        std::string label = ">" + stage.name + " (" + std::to_string(n) + ")</option>";
        EXPECT_EQ(stages.find(label) != std::string::npos, n > 0) << label;
        EXPECT_EQ(stages.find("value=\"" + stage.id + "\"") != std::string::npos, n > 0);
    }
    // Choosing an element offers only the stages at which some example shows that element.
    const auto& example = server_->roadmap->examples.front();
    const auto& ill = example.illustrates.front();
    auto one = http_get(port(), "/examples?element=" + ill.element_id);
    ASSERT_EQ(one.status, 200);
    EXPECT_NE(one.body.find("/examples/" + example.id + "\""), std::string::npos);
    std::regex option(R"re(<option value="([a-z]+)"[^>]*>[^<]* \((\d+)\)</option>)re");
    std::string chosen_stages = select_of(one.body, "stage");
    size_t offered = 0;
    for (std::sregex_iterator it(chosen_stages.begin(), chosen_stages.end(), option), end;
         it != end; ++it) {
        ++offered;
        EXPECT_GT(std::stoul((*it)[2]), 0U) << (*it)[0];
        auto narrowed =
            http_get(port(), "/examples?element=" + ill.element_id + "&stage=" + (*it)[1].str());
        std::smatch count;
        ASSERT_TRUE(
            std::regex_search(narrowed.body, count, std::regex(R"((\d+) of \d+ examples match)")));
        EXPECT_EQ(count[1], (*it)[2]) << (*it)[1];
    }
    EXPECT_GT(offered, 0U);
}

TEST_F(BrowseSearch, ExampleFiltersByStateAndRefuseUnknownValues) {
    auto res = http_get(port(), "/examples?state=kentucky");
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(std::regex_search(res.body, std::regex(R"(\d+ of \d+ examples match)")));
    EXPECT_NE(res.body.find("Kentucky"), std::string::npos);
    EXPECT_EQ(http_get(port(), "/examples?state=atlantis").status, 400);
    EXPECT_EQ(http_get(port(), "/examples?element=%3Cscript%3E").status, 400);
}

TEST_F(BrowseSearch, ExamplesListTheirElementsWithoutATrailingSeparator) {
    auto res = http_get(port(), "/examples");
    EXPECT_EQ(res.body.find("); </p>"), std::string::npos);
    EXPECT_EQ(res.body.find(";</p>"), std::string::npos);
}

TEST_F(BrowseSearch, ResourceOptionsThatWouldMatchNothingAreLeftOut) {
    const auto& rm = *server_->roadmap;
    auto res = http_get(port(), "/resources");
    ASSERT_EQ(res.status, 200);
    std::string types = select_of(res.body, "type");
    for (auto type : content::kResourceTypes) {
        size_t n = std::count_if(rm.resources.begin(), rm.resources.end(),
                                 [&](const auto& r) { return r.type == type; });
        bool offered = types.find("value=\"" + std::string(type) + "\"") != std::string::npos;
        EXPECT_EQ(offered, n > 0) << type;
        if (n > 0) {
            std::string label(type);
            label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
            EXPECT_NE(types.find(label + " (" + std::to_string(n) + ")"), std::string::npos)
                << type;
        }
    }
    EXPECT_NE(types.find("Any type (" + std::to_string(rm.resources.size()) + ")"),
              std::string::npos);
}

TEST_F(BrowseSearch, ACollectionsViewShowsItsNameAndDescription) {
    const auto& c = server_->roadmap->collections.front();
    auto res = http_get(port(), "/resources?collection=" + c.id);
    ASSERT_EQ(res.status, 200);
    EXPECT_NE(res.body.find("<h2 id=\"collection-name\">" + c.name + "</h2>"), std::string::npos);
    EXPECT_NE(res.body.find(c.description_html.substr(0, 40)), std::string::npos);
}

TEST_F(BrowseSearch, DynamicPagesAreGzippedWhenTheClientAsks) {
    for (std::string target :
         {"/search?q=mastery", "/resources?area=policy", "/examples?stage=scaling"}) {
        auto plain = http_get(port(), target);
        auto packed = get_gzip(port(), target);
        ASSERT_EQ(packed.status, 200) << target;
        EXPECT_EQ(plain.headers.count("content-encoding"), 0U) << target;
        EXPECT_EQ(packed.headers["content-encoding"], "gzip") << target;
        EXPECT_EQ(packed.headers["vary"], "Accept-Encoding") << target;
        EXPECT_LT(packed.body.size(), plain.body.size() / 2) << target;
        EXPECT_EQ(gunzip(packed.body), plain.body) << target;
    }
}

TEST_F(BrowseSearch, AnAssessmentsResultsPageIsGzippedWhenTheClientAsks) {
    Client client(port());
    client.get("/assessments/new?audience=state");
    auto started =
        client.post("/assessments", "csrf=" + client.csrf() + "&audience=state&label=Gzip");
    ASSERT_EQ(started.status, 303);
    std::smatch m;
    std::string location = started.headers["location"];
    ASSERT_TRUE(std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})")));
    client.set_header("Accept-Encoding", "gzip");
    auto results = client.get("/a/" + m[1].str() + "/results");
    ASSERT_EQ(results.status, 200);
    EXPECT_EQ(results.headers["content-encoding"], "gzip");
    EXPECT_NE(gunzip(results.body).find("</html>"), std::string::npos);
}

TEST_F(BrowseSearch, PagesWithTheFormTokenAndSmallBodiesAreNotCompressed) {
    // BREACH: a page that holds the caller's CSRF token is never compressed.
    Client client(port());
    client.set_header("Accept-Encoding", "gzip");
    auto form = client.get("/assessments/new?audience=state");
    ASSERT_EQ(form.status, 200);
    EXPECT_EQ(form.headers.count("content-encoding"), 0U);
    auto again = client.get("/assessments/new?audience=state");  // now with the cookie
    EXPECT_EQ(again.headers.count("content-encoding"), 0U);
    EXPECT_NE(again.body.find(client.csrf()), std::string::npos);
    auto health = get_gzip(port(), "/healthz");
    EXPECT_EQ(health.headers.count("content-encoding"), 0U);
}

}  // namespace cbe::testing
