// Regression tests for what an attack on the running server found (issue 15): each fails
// without its fix. Clients "from" different addresses go through a trusted proxy (loopback)
// that names them in X-Forwarded-For, as nginx would.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <condition_variable>
#include <regex>
#include <thread>

#include "core/crypto.hpp"
#include "core/password.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "service/account_service.hpp"
#include "service/assessment_service.hpp"
#include "store/account_repository.hpp"
#include "store/assessment_repository.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

namespace {

ServeConfig behind_proxy() {
    ServeConfig config = config_for_tests();
    config.trusted_proxies = {"127.0.0.1"};
    return config;
}

// A client whose requests the proxy says come from `address`.
std::unique_ptr<Client> from(uint16_t port, const std::string& address) {
    auto client = std::make_unique<Client>(port);
    client->set_header("X-Forwarded-For", address);
    return client;
}

HttpResult sign_up(Client& c, const std::string& name) {
    c.get("/sign-up");
    return c.post("/sign-up", "csrf=" + c.csrf() + "&name=" + name + "&email=" + name +
                                  "%40example.org&password=correct+horse+battery");
}

HttpResult sign_in(Client& c, const std::string& name, const std::string& password) {
    c.get("/sign-in");
    return c.post("/sign-in",
                  "csrf=" + c.csrf() + "&email=" + name + "%40example.org&password=" + password);
}

long long user_id(RunningServer& s, const std::string& name) {
    return store::AccountRepository(s.database).find_user(name + "@example.org").value().id;
}

// Starts an assessment; returns its private path.
std::string start_assessment(Client& c) {
    c.get("/assessments/new?audience=state");
    auto made = c.post("/assessments", "csrf=" + c.csrf() + "&audience=state&label=Ours");
    std::smatch m;
    std::string location = made.headers["location"];
    EXPECT_TRUE(std::regex_search(location, m, std::regex("^(/a/[A-Za-z0-9_-]{43})/e/")));
    return m[1];
}

}  // namespace

// Issue 10: two sign-ups racing for one email: one account, the other told plainly (409).
TEST(Hardening, SignUpRaceForOneEmailMakesOneAccountAndAnswers409) {
    RunningServer server(behind_proxy());
    std::vector<int> statuses(2);
    std::vector<std::thread> threads;
    threads.reserve(2);
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            auto c = from(server.port, "198.51.100." + std::to_string(i + 1));
            statuses[i] = sign_up(*c, "ada").status;
        });
    }
    for (auto& t : threads) t.join();
    std::sort(statuses.begin(), statuses.end());
    EXPECT_EQ(statuses[0], 303);
    EXPECT_EQ(statuses[1], 409);
}

// #2: when the hashing queue is full, sign-up answers 503 with Retry-After at once.
TEST(Hardening, PasswordHashingIsBoundedAndAnswers503WhenFull) {
    auto hasher = std::make_shared<service::PasswordHasher>(crypto::minimum_cost(), 1, 0);
    std::mutex mutex;
    std::condition_variable changed;
    bool inside = false, open = false;
    hasher->set_work_for_tests([&](std::string_view p, const crypto::PasswordCost& cost) {
        std::unique_lock lock(mutex);
        inside = true;
        changed.notify_all();
        changed.wait(lock, [&] { return open; });
        return crypto::hash_password(p, cost);
    });
    RunningServer server(behind_proxy(), system_clock(), hasher);
    std::thread first([&] {
        auto c = from(server.port, "198.51.100.1");
        EXPECT_EQ(sign_up(*c, "first").status, 303);
    });
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return inside; });
    }
    auto c = from(server.port, "198.51.100.2");
    auto busy = sign_up(*c, "second");
    EXPECT_EQ(busy.status, 503);
    EXPECT_EQ(busy.headers["retry-after"], "5");
    {
        std::lock_guard lock(mutex);
        open = true;
    }
    changed.notify_all();
    first.join();
    EXPECT_EQ(hasher->refused(), 1u);
}

// #2 (and #14): one address may not make the server hash (or create) without end.
TEST(Hardening, SignUpsFromOneAddressAreThrottled) {
    ServeConfig config = behind_proxy();
    config.sign_ups_per_address = 5;
    RunningServer server(config);
    int created = 0, throttled = 0;
    for (int i = 0; i < 5 + 3; ++i) {
        auto c = from(server.port, "203.0.113.7");
        std::string name = "user";
        for (char d : std::to_string(i)) name += static_cast<char>('a' + (d - '0'));
        int status = sign_up(*c, name).status;
        created += status == 303;
        throttled += status == 429;
    }
    EXPECT_EQ(created, 5);
    EXPECT_EQ(throttled, 3);
    // Another address is not affected.
    auto other = from(server.port, "203.0.113.8");
    EXPECT_EQ(sign_up(*other, "neighbour").status, 303);
}

// #3: what is logged is capped; a throttled flood writes one throttling event, not one per try.
TEST(Hardening, AuditLogFieldsAreCappedAndThrottlingIsLoggedOncePerEpisode) {
    RunningServer server(behind_proxy());
    std::string huge(size_t{60} * 1024, 'x');
    for (int i = 0; i < 10; ++i) {
        auto c = from(server.port, "203.0.113.9");
        c->get("/sign-in");
        c->post("/sign-in", "csrf=" + c->csrf() + "&email=" + huge + "%40example.org&password=x");
    }
    auto c = from(server.port, "203.0.113.10");
    sign_up(*c, "ada");
    for (int i = 0; i < 12; ++i) sign_in(*from(server.port, "203.0.113.11"), "ada", "guess");
    auto lease = server.database->lease().value();
    long long longest = 0, throttled = 0;
    lease.session() << "SELECT COALESCE(MAX(LENGTH(detail)), 0) FROM audit_log",
        soci::into(longest);
    lease.session() << "SELECT COUNT(*) FROM audit_log WHERE event = 'sign-in-throttled'",
        soci::into(throttled);
    EXPECT_LE(longest, static_cast<long long>(service::kMaxAuditDetailChars));
    EXPECT_EQ(throttled, 1);
}

// #5: a member of B who holds A's private link cannot take A's assessment.
TEST(Hardening, AnAssessmentHeldByOneOrganizationCannotBeTakenByAnother) {
    RunningServer server(behind_proxy());
    store::OrganizationRepository orgs(server.database);
    long long a = orgs.create("A", "district", 0, "t").value().id;
    long long b = orgs.create("B", "district", 0, "t").value().id;
    auto alice = from(server.port, "198.51.100.1");
    auto bob = from(server.port, "198.51.100.2");
    sign_up(*alice, "alice");
    sign_up(*bob, "bob");
    ASSERT_TRUE(orgs.set_member(a, user_id(server, "alice"), access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(b, user_id(server, "bob"), access::Role::kOwner, "t"));
    std::string path = start_assessment(*alice);
    alice->get(path);
    EXPECT_EQ(
        alice->post(path + "/move", "csrf=" + alice->csrf() + "&organization=" + std::to_string(a))
            .status,
        303);
    bob->get(path);
    auto taken =
        bob->post(path + "/move", "csrf=" + bob->csrf() + "&organization=" + std::to_string(b));
    EXPECT_EQ(taken.status, 403);
    EXPECT_EQ(orgs.assessments(a).value().size(), 1u);
    EXPECT_TRUE(orgs.assessments(b).value().empty());
}

// #10: after a move, the private link no longer deletes; the organization's owners decide.
TEST(Hardening, ThePrivateLinkCannotDeleteAnOrganizationsAssessment) {
    RunningServer server(behind_proxy());
    store::OrganizationRepository orgs(server.database);
    long long a = orgs.create("A", "district", 0, "t").value().id;
    auto alice = from(server.port, "198.51.100.1");
    sign_up(*alice, "alice");
    ASSERT_TRUE(orgs.set_member(a, user_id(server, "alice"), access::Role::kMember, "t"));
    std::string path = start_assessment(*alice);
    alice->get(path);
    alice->post(path + "/move", "csrf=" + alice->csrf() + "&organization=" + std::to_string(a));
    auto anyone = from(server.port, "198.51.100.9");
    anyone->get(path);
    EXPECT_EQ(anyone->post(path + "/delete", "csrf=" + anyone->csrf()).status, 403);
    EXPECT_EQ(orgs.assessments(a).value().size(), 1u);
}

// #7: a removed owner's invitation links stop working.
TEST(Hardening, RemovingOrDemotingAMemberRevokesTheirLinks) {
    RunningServer server(behind_proxy());
    store::OrganizationRepository orgs(server.database);
    long long org = orgs.create("A", "district", 0, "t").value().id;
    auto olive = from(server.port, "198.51.100.1");
    auto oscar = from(server.port, "198.51.100.2");
    sign_up(*olive, "olive");
    sign_up(*oscar, "oscar");
    long long oscar_id = user_id(server, "oscar");
    ASSERT_TRUE(orgs.set_member(org, user_id(server, "olive"), access::Role::kOwner, "t"));
    ASSERT_TRUE(orgs.set_member(org, oscar_id, access::Role::kOwner, "t"));
    auto invite = [&](Client& c, const std::string& role) {
        c.get("/orgs/" + std::to_string(org));
        auto made = c.post("/orgs/" + std::to_string(org) + "/invitations",
                           "csrf=" + c.csrf() + "&role=" + role);
        std::smatch m;
        EXPECT_TRUE(
            std::regex_search(made.body, m, std::regex("/invitations/([A-Za-z0-9_-]{43})")));
        return std::string(m[1]);
    };
    std::string owner_link = invite(*oscar, "owner");
    std::string viewer_link = invite(*oscar, "viewer");
    olive->get("/orgs/" + std::to_string(org));
    // Demoted to member: the owner link goes, the viewer link stays.
    EXPECT_EQ(olive
                  ->post("/orgs/" + std::to_string(org) + "/members/" + std::to_string(oscar_id) +
                             "/role",
                         "csrf=" + olive->csrf() + "&role=member")
                  .status,
              303);
    EXPECT_EQ(http_get(server.port, "/invitations/" + owner_link).status, 404);
    EXPECT_EQ(http_get(server.port, "/invitations/" + viewer_link).status, 200);
    // Removed: every link goes.
    olive->get("/orgs/" + std::to_string(org));
    olive->post("/orgs/" + std::to_string(org) + "/members/" + std::to_string(oscar_id) + "/remove",
                "csrf=" + olive->csrf());
    EXPECT_EQ(http_get(server.port, "/invitations/" + viewer_link).status, 404);
}

// #8: behind the trusted proxy, one user's failures do not lock out the school's other users;
// the header is believed from the proxy only.
TEST(Hardening, ThrottlingKeysOnTheClientBehindTheTrustedProxy) {
    RunningServer server(behind_proxy());
    sign_up(*from(server.port, "198.51.100.1"), "ada");
    sign_up(*from(server.port, "198.51.100.2"), "bea");
    for (int i = 0; i < 5; ++i) sign_in(*from(server.port, "203.0.113.1"), "ada", "guess");
    EXPECT_EQ(sign_in(*from(server.port, "203.0.113.1"), "bea", "correct+horse+battery").status,
              429);  // that address waits
    EXPECT_EQ(sign_in(*from(server.port, "203.0.113.2"), "bea", "correct+horse+battery").status,
              303);  // its neighbour does not
}

// #9: four wrong passwords from anywhere do not keep the owner out: the right password from an
// address without recent failures signs in.
TEST(Hardening, AnAttackerCannotKeepTheOwnerLockedOut) {
    RunningServer server(behind_proxy());
    sign_up(*from(server.port, "198.51.100.1"), "ada");
    for (int i = 0; i < 6; ++i) sign_in(*from(server.port, "203.0.113.66"), "ada", "guess");
    EXPECT_EQ(sign_in(*from(server.port, "203.0.113.66"), "ada", "correct+horse+battery").status,
              429);
    EXPECT_EQ(sign_in(*from(server.port, "198.51.100.1"), "ada", "correct+horse+battery").status,
              303);
}

// #11: one invitation link used by eight sign-ups at once makes one account.
TEST(Hardening, OneInvitationMakesOneAccountUnderConcurrentSignUps) {
    ServeConfig config = behind_proxy();
    config.sign_up_open = false;
    RunningServer server(config);
    store::OrganizationRepository orgs(server.database);
    store::AccountRepository accounts(server.database);
    long long org = orgs.create("A", "district", 0, "t").value().id;
    std::string token = crypto::new_token();
    ASSERT_TRUE(orgs.create_invitation(crypto::token_hash(token), org, access::Role::kMember, 0,
                                       "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z"));
    std::atomic<int> made{0};
    std::vector<std::thread> threads;
    threads.reserve(8);
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            auto c = from(server.port, "198.51.100." + std::to_string(i + 1));
            std::string name = std::string("person") + static_cast<char>('a' + i);
            c->get("/sign-up?invitation=" + token);
            std::string body = "csrf=" + c->csrf();
            body += "&name=" + name;
            body += "&email=" + name + "%40example.org";
            body += "&password=correct+horse+battery&invitation=" + token;
            int status = c->post("/sign-up", body).status;
            made += status == 303;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(made, 1);
    EXPECT_EQ(orgs.members(org).value().size(), 1u);
    auto lease = server.database->lease().value();
    long long users = 0;
    lease.session() << "SELECT COUNT(*) FROM users", soci::into(users);
    EXPECT_EQ(users, 1);
}

// #12: guessing the current password on the change form is throttled.
TEST(Hardening, ChangePasswordIsThrottled) {
    RunningServer server(behind_proxy());
    auto c = from(server.port, "198.51.100.1");
    sign_up(*c, "ada");
    std::vector<int> statuses;
    for (int i = 0; i < 6; ++i) {
        c->get("/account");
        statuses.push_back(c->post("/account/password", "csrf=" + c->csrf() +
                                                            "&current_password=guess" +
                                                            "&new_password=another+long+one")
                               .status);
    }
    EXPECT_EQ(statuses.front(), 400);
    EXPECT_EQ(statuses.back(), 429);
}

// #14: one account holds a bounded number of sessions; anonymous creation is rate-limited.
TEST(Hardening, SessionsPerAccountAreCappedAndCreationIsRateLimited) {
    ServeConfig config = behind_proxy();
    config.new_assessments_per_address = 4;
    RunningServer server(config);
    sign_up(*from(server.port, "198.51.100.1"), "ada");
    for (int i = 0; i < service::kMaxSessionsPerAccount + 5; ++i) {
        EXPECT_EQ(
            sign_in(*from(server.port, "198.51.100.1"), "ada", "correct+horse+battery").status,
            303);
    }
    auto lease = server.database->lease().value();
    long long sessions = 0;
    lease.session() << "SELECT COUNT(*) FROM sessions", soci::into(sessions);
    EXPECT_EQ(sessions, service::kMaxSessionsPerAccount);

    auto c = from(server.port, "203.0.113.5");
    int created = 0, limited = 0;
    for (int i = 0; i < 4 + 2; ++i) {
        c->get("/assessments/new?audience=state");
        int status = c->post("/assessments", "csrf=" + c->csrf() + "&audience=state").status;
        created += status == 303;
        limited += status == 429;
    }
    EXPECT_EQ(created, 4);
    EXPECT_EQ(limited, 2);
}

// Item 15: a request the parser rejects is answered 400 before the connection closes, and so is
// an HTTP/1.1 request with no Host header or with two.
TEST(Hardening, MalformedRequestsAndBadHostHeadersAreAnswered400) {
    RunningServer server(config_for_tests());
    auto status_of = [&](const std::string& bytes) {
        std::string answer = raw_exchange(server.port, bytes);
        return answer.substr(0, answer.find("\r\n"));
    };
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
              "HTTP/1.1 200 OK");
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"), "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n"),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(status_of("GET / HTTP/1.0\r\n\r\n"), "HTTP/1.0 200 OK");  // 1.0 has no Host rule
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n\r\n"),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(status_of("GET / HTTP/9.9\r\nHost: x\r\n\r\n"), "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(status_of("POST /assessments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        "\r\nzz\r\n"),
              "HTTP/1.1 400 Bad Request");
}

}  // namespace cbe::testing
