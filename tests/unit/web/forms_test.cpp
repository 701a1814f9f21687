#include "web/forms.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "web/handlers/assessment_access.hpp"

namespace cbe::web {

namespace {
Request post(std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = Method::kPost;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}
}  // namespace

TEST(Forms, ParsesUrlencodedBodies) {
    auto form = parse_form(post("choice=entry&note=a+b%26c&note=second"));
    ASSERT_TRUE(form);
    EXPECT_EQ(form_value(*form, "choice"), "entry");
    EXPECT_EQ(form_value(*form, "note"), "a b&c");
    EXPECT_EQ(form_value(*form, "missing"), "");
}

TEST(Forms, RejectsOtherContentTypesBadUtf8AndTooManyFields) {
    EXPECT_FALSE(parse_form(post("a=b", {{"content-type", "application/json"}})));
    EXPECT_FALSE(parse_form(post("note=%ff")));
    std::string many;
    for (int i = 0; i <= 100; ++i) many += "f" + std::to_string(i) + "=1&";
    EXPECT_FALSE(parse_form(post(many)));
}

TEST(Forms, ReadsCookies) {
    Request r = post("", {{"cookie", "a=1; cbe_resume=tok; b=2"}});
    EXPECT_EQ(cookie(r, "cbe_resume", false), "tok");
    EXPECT_EQ(cookie(r, "cbe", false), "");
}

TEST(Forms, SetCookieCarriesTheSafeAttributes) {
    Response r;
    set_cookie(r, "cbe_resume", "tok", {3600, true, true});
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].second,
              "__Host-cbe_resume=tok; Path=/; SameSite=Lax; Max-Age=3600; HttpOnly; Secure");
}

TEST(Csrf, AcceptsOnlyAMatchingCookieAndField) {
    crypto::init();
    std::string token = crypto::new_token();
    auto cookie_header = std::make_pair(std::string("cookie"), "cbe_csrf=" + token);
    Form good{{"csrf", token}};
    EXPECT_TRUE(csrf_valid(post("", {cookie_header}), good, false));
    EXPECT_FALSE(csrf_valid(post("", {cookie_header}), Form{{"csrf", crypto::new_token()}}, false));
    EXPECT_FALSE(csrf_valid(post("", {cookie_header}), Form{}, false));
    EXPECT_FALSE(csrf_valid(post("", {}), good, false));  // no cookie
}

TEST(Csrf, RefusesAForeignOrigin) {
    crypto::init();
    std::string token = crypto::new_token();
    Form form{{"csrf", token}};
    std::vector<std::pair<std::string, std::string>> headers{{"cookie", "cbe_csrf=" + token},
                                                             {"host", "roadmap.example:8080"}};
    headers.emplace_back("origin", "http://roadmap.example:8080");
    EXPECT_TRUE(csrf_valid(post("", headers), form, false));
    headers.back().second = "https://evil.example";
    EXPECT_FALSE(csrf_valid(post("", headers), form, false));
}

TEST(Csrf, TreatsOriginNullAsAnotherSite) {
    crypto::init();
    std::string token = crypto::new_token();
    Form form{{"csrf", token}};
    std::vector<std::pair<std::string, std::string>> headers{{"cookie", "cbe_csrf=" + token},
                                                             {"host", "roadmap.example"}};
    EXPECT_TRUE(csrf_valid(post("", headers), form, false));
    headers.emplace_back("origin", "null");
    EXPECT_FALSE(csrf_valid(post("", headers), form, false));
}

TEST(Cookies, SecureCookiesCarryTheHostPrefixOnBothSides) {
    EXPECT_EQ(cookie_name("cbe_session", false), "cbe_session");
    EXPECT_EQ(cookie_name("cbe_session", true), "__Host-cbe_session");
    Response response;
    set_cookie(response, "cbe_session", "tok", {60, true, true});
    ASSERT_EQ(response.headers.size(), 1u);
    const std::string& header = response.headers[0].second;
    EXPECT_EQ(header.rfind("__Host-cbe_session=tok; Path=/;", 0), 0u) << header;
    EXPECT_NE(header.find("; Secure"), std::string::npos);
    EXPECT_EQ(header.find("Domain"), std::string::npos);
    // A cookie without the prefix (planted over plain HTTP or by a sibling subdomain) is ignored.
    Request planted = post("", {{"cookie", "cbe_session=planted"}});
    EXPECT_EQ(cookie(planted, "cbe_session", true), "");
    Request real = post("", {{"cookie", "cbe_session=planted; __Host-cbe_session=tok"}});
    EXPECT_EQ(cookie(real, "cbe_session", true), "tok");
    EXPECT_EQ(cookie(real, "cbe_session", false), "planted");
}

TEST(Csrf, IssuesATokenCookieOnlyWhenMissing) {
    crypto::init();
    Response fresh;
    std::string token = csrf_token(post(""), fresh, false);
    EXPECT_TRUE(crypto::looks_like_token(token));
    ASSERT_EQ(fresh.headers.size(), 1u);
    Response again;
    EXPECT_EQ(csrf_token(post("", {{"cookie", "cbe_csrf=" + token}}), again, false), token);
    EXPECT_TRUE(again.headers.empty());
}

TEST(Handlers, ParseIdAcceptsOnlyPlainDecimalIds) {
    EXPECT_EQ(handlers::parse_id("42"), 42);
    EXPECT_EQ(handlers::parse_id(""), 0);
    EXPECT_EQ(handlers::parse_id("4a"), 0);
    EXPECT_EQ(handlers::parse_id("-1"), 0);
    EXPECT_EQ(handlers::parse_id(" 1"), 0);
    EXPECT_EQ(handlers::parse_id(std::string(19, '9')), 0);  // would overflow
}

}  // namespace cbe::web
