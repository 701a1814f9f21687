// Bytes that are not UTF-8 text, in any field of any state-changing form (with a valid CSRF
// token), are refused with a clear 400 and change nothing. Browsers never send such bytes, so
// this is tested over the wire rather than in Chromium (tests/browser/hostile_input.test.mjs
// covers what a browser can type).
#include <gtest/gtest.h>

#include "integration/every_post_route.hpp"

namespace cbe::testing {

TEST(InvalidText, EveryFieldOfEveryPostRefusesBytesThatAreNotUtf8) {
    EveryPostRoute setup;
    int checks = 0;
    for (const auto& route : setup.routes()) {
        for (const auto& [field, value] : setup.valid_fields()) {
            auto fields = setup.valid_fields();
            fields[field] = "ok%FF%FE%C3%28";  // a stray byte, and a truncated sequence
            setup.ada.get("/account");
            fields["csrf"] = setup.ada.csrf();
            auto before = setup.state();
            auto res = setup.ada.post(route.target, form_body(fields));
            EXPECT_EQ(res.status, 400) << route.pattern << " " << field;
            EXPECT_NE(res.body.find("not valid text"), std::string::npos) << route.pattern;
            EXPECT_EQ(setup.state(), before) << route.pattern << " " << field;
            ++checks;
        }
    }
    EXPECT_GE(checks, 13 * 11);
}

}  // namespace cbe::testing
