// The access log never holds a private link or an invitation token, nor a query string.
#include "web/access_log.hpp"

#include <gtest/gtest.h>

#include "web/router.hpp"

namespace cbe::web {

namespace {

Request routed(const std::string& target) {
    static Router router = [] {
        Router r;
        r.get("/a/{token}/e/{element}", [](Request&) { return Response{}; });
        r.get("/invitations/{invitation}", [](Request&) { return Response{}; });
        r.get("/elements/{id}", [](Request&) { return Response{}; });
        r.get("/s/{share}/report", [](Request&) { return Response{}; });
        r.get("/p/{participant}/events", [](Request&) { return Response{}; });
        r.get("/password-reset/{reset}", [](Request&) { return Response{}; });
        r.get("/sessions/{session}/events", [](Request&) { return Response{}; });
        r.get("/later/{capability}", [](Request&) { return Response{}; });
        return r;
    }();
    Request request;
    EXPECT_TRUE(parse_target(target, request));
    const Handler* handler = nullptr;
    router.match(request, &handler);
    return request;
}

const std::string kToken = "iLLP7N0d8cQm3hT2Qw7y9zXvKpLr5sAe1bFgHjU4oIk";

}  // namespace

TEST(AccessLog, SecretSegmentsAreLoggedAsTheirPatternOthersAsTheirValue) {
    EXPECT_EQ(loggable_path(routed("/a/" + kToken + "/e/tech.mastery-tracking")),
              "/a/{token}/e/tech.mastery-tracking");
    EXPECT_EQ(loggable_path(routed("/invitations/" + kToken)), "/invitations/{invitation}");
    EXPECT_EQ(loggable_path(routed("/elements/tech.interoperability?next=/a/" + kToken)),
              "/elements/tech.interoperability");
}

TEST(AccessLog, EveryParameterNotKnownToBePublicIsLoggedAsItsName) {
    EXPECT_EQ(loggable_path(routed("/s/" + kToken + "/report")), "/s/{share}/report");
    EXPECT_EQ(loggable_path(routed("/p/" + kToken + "/events")), "/p/{participant}/events");
    EXPECT_EQ(loggable_path(routed("/password-reset/" + kToken)), "/password-reset/{reset}");
    EXPECT_EQ(loggable_path(routed("/sessions/12/events")), "/sessions/12/events");
    // A parameter a later route adds is secret until someone lists it as public.
    EXPECT_EQ(loggable_path(routed("/later/" + kToken)), "/later/{capability}");
}

TEST(AccessLog, AParameterCannotForgeALineOrShiftTheFields) {
    // Parameters are decoded from the address: "%0A" would otherwise end the line.
    EXPECT_EQ(loggable_path(routed("/elements/x%0A%5B2026-01-01%5D%20%5Binfo%5D%20GET%25")),
              "/elements/x%0A[2026-01-01]%20[info]%20GET%25");
    EXPECT_EQ(loggable_path(routed("/elements/" + std::string(500, 'e'))),
              "/elements/" + std::string(160, 'e'));
}

TEST(AccessLog, UnmatchedPathsAreNotLogged) {
    // A mistyped private link is still nearly a secret.
    EXPECT_EQ(loggable_path(routed("/a/" + kToken)), "(unmatched)");
}

TEST(AccessLog, LinesInBothFormatsCarryNoSecret) {
    Request r = routed("/a/" + kToken + "/e/tech.mastery-tracking");
    AccessEntry entry{"GET", loggable_path(r), "0a1b2c3d", 200, 512, 140};
    for (bool json : {false, true}) {
        std::string line = format_access(entry, json);
        EXPECT_EQ(line.find(kToken), std::string::npos) << line;
        EXPECT_NE(line.find("0a1b2c3d"), std::string::npos) << line;
    }
    EXPECT_EQ(format_access(entry, true),
              "\"type\":\"access\",\"method\":\"GET\",\"path\":\"/a/{token}/e/"
              "tech.mastery-tracking\",\"tag\":\"0a1b2c3d\",\"status\":200,\"bytes\":512,"
              "\"micros\":140");
}

}  // namespace cbe::web
