#include "web/handlers/account_access.hpp"

#include <gtest/gtest.h>

namespace cbe::web::handlers {

TEST(SafeNext, KeepsPathsOnThisSite) {
    EXPECT_EQ(safe_next("/orgs/12"), "/orgs/12");
    EXPECT_EQ(safe_next("/orgs/12/audit?before=40"), "/orgs/12/audit?before=40");
    EXPECT_EQ(safe_next("/invitations/abc"), "/invitations/abc");
}

TEST(SafeNext, NeverSendsAnyoneToAnotherSite) {
    for (const char* hostile :
         {"", "/", "//evil.example/", "/\\evil.example", "https://evil.example", "evil.example",
          "javascript:alert(1)", "/a\r\nSet-Cookie: x=1", "/a\tb", "/\x7f", "/\xff\xfe"}) {
        EXPECT_EQ(safe_next(hostile), "/account") << hostile;
    }
    EXPECT_EQ(safe_next("/" + std::string(1000, 'a')), "/account");  // too long
}

namespace {
std::string location_of(const Response& response) {
    EXPECT_EQ(response.status, 303);
    for (const auto& [name, value] : response.headers) {
        if (name == "Location") return value;
    }
    return "";
}
}  // namespace

TEST(SignInFirst, ComesBackToTheSameGetButNotToAPost) {
    Request get;
    get.target = "/orgs/3/audit?before=9&x=a b";
    EXPECT_EQ(location_of(sign_in_first(get)),
              "/sign-in?next=/orgs/3/audit%3Fbefore%3D9%26x%3Da%20b");
    Request post;
    post.method = Method::kPost;
    post.target = "/orgs/3/members/4/remove";
    EXPECT_EQ(location_of(sign_in_first(post)), "/sign-in");
}

}  // namespace cbe::web::handlers
