// The authorization matrix: every route the server has (read from its router), for every kind of
// visitor — each organization role, a member of another organization, and an anonymous visitor —
// answers as this table says. A new route fails this test until its row is added.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "core/crypto.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/account_repository.hpp"
#include "store/organization_repository.hpp"
#include "store/team_session_repository.hpp"
#include "web/router.hpp"
#include "web/site.hpp"

namespace cbe::testing {

namespace {

const std::vector<std::string> kVisitors{"owner",  "facilitator", "member",
                                         "viewer", "outsider",    "anonymous"};

// Expected status per visitor for one route (303 to sign-in for anonymous where an account is
// needed; 404 where the visitor may not know the thing exists).
using Row = std::map<std::string, int>;
Row all(int status) {
    Row row;
    for (const auto& v : kVisitors) row[v] = status;
    return row;
}
Row org_read() {
    return {{"owner", 200},  {"facilitator", 200}, {"member", 200},
            {"viewer", 200}, {"outsider", 404},    {"anonymous", 303}};
}
// Only owners; everyone else signed in is answered 404 (anonymous visitors go to sign in).
Row owner_only(int status) {
    return {{"owner", status}, {"facilitator", 404}, {"member", 404},
            {"viewer", 404},   {"outsider", 404},    {"anonymous", 303}};
}
// Facilitators and owners run team sessions.
Row run_only(int status) {
    return {{"owner", status}, {"facilitator", status}, {"member", 404},
            {"viewer", 404},   {"outsider", 404},       {"anonymous", 303}};
}
// Members and above change a plan; viewers read it but are refused a change (403: they know
// the plan exists).
Row org_edit(int status) {
    return {{"owner", status}, {"facilitator", status}, {"member", status},
            {"viewer", 403},   {"outsider", 404},       {"anonymous", 303}};
}
Row org_add() {
    return {{"owner", 303},  {"facilitator", 303}, {"member", 303},
            {"viewer", 404}, {"outsider", 404},    {"anonymous", 303}};
}

}  // namespace

TEST(AuthorizationMatrix, EveryRouteForEveryKindOfVisitor) {
    RunningServer server;
    store::OrganizationRepository orgs(server.database);
    long long org = orgs.create("Portland", "district", 0, "t").value().id;
    long long other = orgs.create("Bangor", "district", 0, "t").value().id;

    std::map<std::string, std::unique_ptr<Client>> visitors;
    std::map<std::string, long long> user_ids;
    for (const auto& v : kVisitors) {
        auto client = std::make_unique<Client>(server.port);
        if (v != "anonymous") {
            long long id = sign_up(server, *client, v);
            user_ids[v] = id;
            auto role = access::parse_role(v);
            EXPECT_TRUE(orgs.set_member(v == "outsider" ? other : org, id,
                                        role.value_or(access::Role::kOwner), "t"));
        }
        client->get("/sign-in");  // every visitor holds a CSRF token for its posts
        visitors[v] = std::move(client);
    }

    // The matrix. Public pages answer everyone alike; assessment pages answer whoever has the
    // private link (the link is the capability); organization routes follow access::allowed.
    std::map<std::pair<web::Method, std::string>, Row> matrix;
    auto get = [&](const std::string& p, Row r) { matrix[{web::Method::kGet, p}] = std::move(r); };
    auto post = [&](const std::string& p, Row r) {
        matrix[{web::Method::kPost, p}] = std::move(r);
    };
    for (const char* p : {"/",
                          "/roadmap",
                          "/pathways/{id}",
                          "/elements/{id}",
                          "/examples",
                          "/examples/{id}",
                          "/resources",
                          "/resources/{id}",
                          "/glossary",
                          "/facilitator-guide",
                          "/mini",
                          "/about",
                          "/healthz",
                          "/metrics",
                          "/assessments/new",
                          "/assessments/deleted",
                          "/sign-up",
                          "/sign-in",
                          "/sample",
                          "/assessments",
                          "/search"}) {
        get(p, all(200));
    }
    get("/resume", all(200));
    get("/account", {{"owner", 200},
                     {"facilitator", 200},
                     {"member", 200},
                     {"viewer", 200},
                     {"outsider", 200},
                     {"anonymous", 303}});
    for (const char* p :
         {"/a/{token}", "/a/{token}/e/{element}", "/a/{token}/results", "/a/{token}/results.csv",
          "/a/{token}/results.json", "/a/{token}/results.xlsx"}) {
        get(p, all(200));
    }
    // The matrix's assessment belongs to the organization: only its owners delete it.
    get("/a/{token}/delete", all(403));
    get("/orgs/{id}", org_read());
    get("/orgs/{id}/assessments/{assessment}", org_read());
    get("/orgs/{id}/assessments/{assessment}/results.csv", org_read());
    get("/orgs/{id}/assessments/{assessment}/results.json", org_read());
    get("/orgs/{id}/assessments/{assessment}/results.xlsx", org_read());
    get("/orgs/{id}/compare", org_read());  // the picker (two placements: history_test.cpp)
    post("/orgs/{id}/assessments/{assessment}/school-year", org_add());
    post("/a/{token}/move", org_add());
    post("/orgs/{id}/invitations", owner_only(200));
    post("/orgs/{id}/invitations/{link}/revoke", owner_only(303));
    get("/orgs/{id}/assessments/{assessment}/delete", owner_only(200));
    post("/orgs/{id}/assessments/{assessment}/delete", owner_only(303));
    // The matrix's form names no link access: an owner is answered 400, nobody else learns more.
    post("/orgs/{id}/assessments/{assessment}/link-access", owner_only(400));
    post("/orgs/{id}/members/{user}/role", owner_only(303));
    post("/orgs/{id}/members/{user}/remove", owner_only(303));
    get("/orgs/{id}/audit", owner_only(200));
    get("/invitations/{invitation}", all(200));
    post("/invitations/{invitation}", all(303));  // join (signed in) or go and sign in (anonymous)
    // Self-service. Creating an organization needs only an account (the matrix's form has no
    // name: 400); without email configured, asking for a reset link is 503; an unknown reset
    // link opens nothing for anyone.
    get("/orgs/new", {{"owner", 200},
                      {"facilitator", 200},
                      {"member", 200},
                      {"viewer", 200},
                      {"outsider", 200},
                      {"anonymous", 303}});
    post("/orgs", {{"owner", 400},
                   {"facilitator", 400},
                   {"member", 400},
                   {"viewer", 400},
                   {"outsider", 400},
                   {"anonymous", 303}});
    get("/password-reset", all(200));
    post("/password-reset", all(503));
    get("/password-reset/{reset}", all(404));
    post("/password-reset/{reset}", all(404));
    // Posts whose outcome does not depend on a role are covered by their own tests (and every
    // post's CSRF check by csrf_test.cpp); here they only need to exist in the table.
    post("/a/{token}/school-year", all(303));  // the link is the capability
    for (const char* p :
         {"/assessments", "/resume", "/assessments/forget", "/a/{token}/e/{element}",
          "/a/{token}/e/{element}/clear", "/a/{token}/delete", "/sign-up", "/sign-in", "/sign-out",
          "/account/password"}) {
        post(p, {});
    }

    // Team sessions: the facilitator's pages and actions, and the participant's private link
    // (the link is the capability, like an assessment's).
    get("/orgs/{id}/sessions/new", run_only(200));
    post("/orgs/{id}/sessions", run_only(400));  // the matrix's form has no title: refused
    get("/sessions/{session}", run_only(200));
    get("/sessions/{session}/events", run_only(200));
    get("/sessions/{session}/placement", org_read());  // a closed session's
    get("/sessions/{session}/placement.xlsx", org_read());
    for (const char* p : {"/sessions/{session}/joining", "/sessions/{session}/reveal",
                          "/sessions/{session}/close", "/sessions/{session}/delete"}) {
        post(p, run_only(303));
    }
    // The matrix's form records "no agreement" without a word why: refused, the board again.
    post("/sessions/{session}/decide", run_only(400));
    // The matrix's form names no participant: not found, for those who may run the session too
    // (TeamSessionSafeguards tests a removal that works).
    post("/sessions/{session}/participants/remove", run_only(404));
    get("/sessions/{session}/placement.csv", org_read());
    get("/sessions/{session}/placement.json", org_read());
    // Action plans: the private link is the capability; through the organization or a (closed)
    // session, members change and viewers read. The matrix's form names no element (400) and no
    // existing action (404).
    get("/a/{token}/plan", all(200));
    post("/a/{token}/plan/priorities", all(303));
    post("/a/{token}/plan/actions", all(400));
    post("/a/{token}/plan/actions/{action}", all(400));
    post("/a/{token}/plan/actions/{action}/delete", all(404));
    // Share links: listed for whoever sees the placement, made and revoked by whoever changes
    // its plan (a new one is shown on a 200 page); the matrix's {share} is no link (404). The
    // matrix's assessment belongs to the organization: its private link, though it may edit,
    // neither makes nor revokes the organization's share links (403).
    get("/a/{token}/share", all(200));
    post("/a/{token}/share", all(403));
    post("/a/{token}/share/{share}/revoke", all(403));
    get("/s/{share}", all(404));
    get("/s/{share}/plan", all(404));
    get("/s/{share}/report", all(404));
    get("/s/{share}/report.css", all(404));
    get("/a/{token}/report", all(200));
    get("/a/{token}/plan.xlsx", all(200));
    get("/a/{token}/report.css", all(200));
    for (const std::string base : {"/orgs/{id}/assessments/{assessment}", "/sessions/{session}"}) {
        get(base + "/share", org_read());
        get(base + "/report", org_read());
        get(base + "/plan.xlsx", org_read());
        get(base + "/report.css", org_read());
        post(base + "/share", org_edit(200));
        post(base + "/share/{share}/revoke", org_edit(404));
        get(base + "/plan", org_read());
        post(base + "/plan/priorities", org_edit(303));
        post(base + "/plan/actions", org_edit(400));
        post(base + "/plan/actions/{action}", org_edit(400));
        post(base + "/plan/actions/{action}/delete", org_edit(404));
    }
    get("/join", all(200));
    post("/join", all(400));  // no code in the matrix's form
    get("/join/resume", all(303));
    get("/p/{participant}", all(200));
    get("/p/{participant}/events", all(200));
    get("/p/{participant}/e/{element}", all(200));
    post("/p/{participant}/e/{element}", all(400));  // no choice in the matrix's form

    store::TeamSessionRepository sessions(server.database);
    const auto* pathway = server.roadmap->audience("district");
    int next_code = 100000;
    size_t checks = 0, routes = 0;
    for (const auto& [method, pattern] : server.site->router().routes()) {
        ++routes;
        auto row = matrix.find({method, pattern});
        ASSERT_NE(row, matrix.end()) << "route " << pattern << " has no row in the matrix";
        for (const auto& [visitor, expected] : row->second) {
            Client& client = *visitors[visitor];
            // A fresh anonymous assessment per check, so posts cannot disturb one another.
            client.get("/assessments/new?audience=district");
            auto started =
                client.post("/assessments", "csrf=" + client.csrf() + "&audience=district");
            std::smatch m;
            std::string location = started.headers["location"];
            ASSERT_TRUE(
                std::regex_search(location, m, std::regex("/a/([A-Za-z0-9_-]{43})/e/(.+)$")));
            long long assessment = 0;
            {
                auto lease = server.database->lease().value();
                lease.session() << "SELECT MAX(id) FROM assessments", soci::into(assessment);
                lease.session() << "UPDATE assessments SET organization_id = :org WHERE id = :id",
                    soci::use(org), soci::use(assessment);
                // The last check's open link goes: an organization holds a bounded number.
                lease.session() << "DELETE FROM invitations WHERE accepted_by IS NULL";
            }
            // A fresh member to change or remove.
            long long member =
                store::AccountRepository(server.database)
                    .create_user("m" + std::to_string(checks) + "@example.org", "M", "x", "t")
                    .value()
                    .id;
            EXPECT_TRUE(orgs.set_member(org, member, access::Role::kMember, "t"));
            // A fresh invitation too: accepting one uses it up.
            std::string invitation = crypto::new_token();
            long long link =
                orgs.create_invitation(crypto::token_hash(invitation), org, access::Role::kViewer,
                                       0, "t", "2099-01-01T00:00:00Z")
                    .value();

            // A fresh team session with a participant; closed for its placement page.
            auto session =
                sessions
                    .create({org, 0, "Retreat", "2026-27", "district", server.roadmap->version,
                             std::to_string(next_code++), pathway->element_ids},
                            "t")
                    .value();
            std::string participant = crypto::new_token();
            EXPECT_TRUE(sessions.join(session.id, crypto::token_hash(participant), "", 500, "t"));
            if (pattern.find("/placement") != std::string::npos ||
                pattern.rfind("/sessions/{session}/plan", 0) == 0 ||
                pattern.rfind("/sessions/{session}/share", 0) == 0 ||
                pattern.rfind("/sessions/{session}/report", 0) == 0) {
                EXPECT_TRUE(sessions.close(session.id, "t"));
            }

            std::map<std::string, std::string> values{{"{invitation}", invitation},
                                                      {"{reset}", crypto::new_token()},
                                                      {"{session}", std::to_string(session.id)},
                                                      {"{participant}", participant},
                                                      {"{token}", m[1]},
                                                      {"{element}", m[2]},
                                                      {"{id}", std::to_string(org)},
                                                      {"{user}", std::to_string(member)},
                                                      {"{link}", std::to_string(link)},
                                                      {"{action}", "999999"},
                                                      {"{share}", "999999"},
                                                      {"{assessment}", std::to_string(assessment)}};
            if (pattern.rfind("/pathways/", 0) == 0) values["{id}"] = "district";
            if (pattern.rfind("/elements/", 0) == 0) values["{id}"] = "tech.mastery-tracking";
            if (pattern.rfind("/examples/", 0) == 0)
                values["{id}"] = server.roadmap->examples.front().id;
            if (pattern.rfind("/resources/", 0) == 0)
                values["{id}"] = server.roadmap->resources.front().id;
            std::string target = pattern;
            for (const auto& [param, value] : values) {
                for (auto at = target.find(param); at != std::string::npos;
                     at = target.find(param)) {
                    target.replace(at, param.size(), value);
                }
            }
            bool stream = pattern.size() > 7 && pattern.substr(pattern.size() - 7) == "/events";
            int status =
                stream ? stream_status(server.port, target, client.cookie_header())
                : method == web::Method::kGet
                    ? client.get(target).status
                    : client
                          .post(target, "csrf=" + client.csrf() +
                                            "&role=viewer&organization=" + std::to_string(org))
                          .status;
            if (pattern == "/resume" && status == 303) status = 200;  // remembered link: redirect
            EXPECT_EQ(status, expected) << pattern << " as " << visitor;
            if (pattern == "/invitations/{invitation}" && visitor == "outsider") {
                // Accepting the link made the outsider a member: undo it, so the routes checked
                // after this one still see an outsider.
                auto lease = server.database->lease().value();
                lease.session() << "DELETE FROM memberships WHERE organization_id = :org AND "
                                   "user_id = :user",
                    soci::use(org), soci::use(user_ids["outsider"]);
            }
            ++checks;
        }
    }
    EXPECT_EQ(routes, matrix.size());  // no stale rows either
    EXPECT_GE(checks, 30u * kVisitors.size());
}

}  // namespace cbe::testing
