#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cbe::crypto {

TEST(Crypto, TokensAreUrlSafeAndDistinct) {
    init();
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        std::string token = new_token();
        EXPECT_TRUE(looks_like_token(token)) << token;
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(Crypto, HashIsStableHexAndDiffersByToken) {
    init();
    EXPECT_EQ(token_hash("abc"), token_hash("abc"));
    EXPECT_NE(token_hash("abc"), token_hash("abd"));
    EXPECT_EQ(token_hash("abc").size(), 64u);
}

TEST(Crypto, LooksLikeTokenRejectsOtherShapes) {
    EXPECT_FALSE(looks_like_token(""));
    EXPECT_FALSE(looks_like_token(std::string(43, '/')));
    EXPECT_FALSE(looks_like_token(std::string(44, 'a')));
}

TEST(Crypto, ConstantTimeEquality) {
    EXPECT_TRUE(equal_constant_time("same", "same"));
    EXPECT_FALSE(equal_constant_time("same", "sam"));
    EXPECT_FALSE(equal_constant_time("same", "some"));
}

}  // namespace cbe::crypto
