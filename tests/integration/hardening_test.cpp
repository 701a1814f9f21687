// Regression tests for what an attack on the running server found (issue 15): each fails
// without its fix. Clients "from" different addresses go through a trusted proxy (loopback)
// that names them in X-Forwarded-For, as nginx would.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "core/crypto.hpp"
#include "core/password.hpp"
#include "integration/fixtures.hpp"
#include "service/account_service.hpp"
#include "service/assessment_service.hpp"
#include "store/organization_repository.hpp"

namespace cbe::testing {

// Issue 10: two sign-ups racing for one email: one account, the other told plainly (409).
TEST(Hardening, SignUpRaceForOneEmailMakesOneAccountAndAnswers409) {
    RunningServer server(behind_proxy());
    std::vector<int> statuses(2);
    std::vector<std::thread> threads;
    threads.reserve(2);
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            auto c = from(server.port, "198.51.100." + std::to_string(i + 1));
            statuses[i] = post_sign_up(*c, "ada").status;
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
        EXPECT_EQ(post_sign_up(*c, "first").status, 303);
    });
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return inside; });
    }
    auto c = from(server.port, "198.51.100.2");
    auto busy = post_sign_up(*c, "second");
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
    FrozenClock clock;  // the wait after the free ones cannot end between requests
    RunningServer server(config, clock.clock());
    int created = 0, throttled = 0;
    for (int i = 0; i < 5 + 3; ++i) {
        auto c = from(server.port, "203.0.113.7");
        std::string name = "user";
        for (char d : std::to_string(i)) name += static_cast<char>('a' + (d - '0'));
        int status = post_sign_up(*c, name).status;
        created += status == 303;
        throttled += status == 429;
    }
    EXPECT_EQ(created, 5);
    EXPECT_EQ(throttled, 3);
    // Another address is not affected.
    auto other = from(server.port, "203.0.113.8");
    EXPECT_EQ(post_sign_up(*other, "neighbour").status, 303);
}

// #3: what is logged is capped; a throttled flood writes one throttling event, not one per try.
TEST(Hardening, AuditLogFieldsAreCappedAndThrottlingIsLoggedOncePerEpisode) {
    RunningServer server(behind_proxy());
    std::string huge(size_t{60} * 1024, 'x');
    for (int i = 0; i < 10; ++i) {
        sign_in(*from(server.port, "203.0.113.9"), huge, "x");
    }
    auto c = from(server.port, "203.0.113.10");
    post_sign_up(*c, "ada");
    for (int i = 0; i < 12; ++i) sign_in(*from(server.port, "203.0.113.11"), "ada", "guess");
    EXPECT_LE(count(server, "SELECT COALESCE(MAX(LENGTH(detail)), 0) FROM audit_log"),
              static_cast<long long>(service::kMaxAuditDetailChars));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'sign-in-throttled'"), 1);
}

// #5: a member of B who holds A's private link cannot take A's assessment.
TEST(Hardening, AnAssessmentHeldByOneOrganizationCannotBeTakenByAnother) {
    RunningServer server(behind_proxy());
    long long a = make_organization(server, "A");
    long long b = make_organization(server, "B");
    auto alice = from(server.port, "198.51.100.1");
    auto bob = from(server.port, "198.51.100.2");
    sign_up_member(server, *alice, "alice", a, access::Role::kOwner);
    sign_up_member(server, *bob, "bob", b, access::Role::kOwner);
    std::string path = private_path(start_assessment(*alice));
    EXPECT_EQ(move_assessment(*alice, path, a).status, 303);
    EXPECT_EQ(move_assessment(*bob, path, b).status, 403);
    store::OrganizationRepository orgs(server.database);
    EXPECT_EQ(orgs.assessments(a).value().size(), 1u);
    EXPECT_TRUE(orgs.assessments(b).value().empty());
}

// #10: after a move, the private link no longer deletes; the organization's owners decide.
TEST(Hardening, ThePrivateLinkCannotDeleteAnOrganizationsAssessment) {
    RunningServer server(behind_proxy());
    long long a = make_organization(server, "A");
    auto alice = from(server.port, "198.51.100.1");
    sign_up_member(server, *alice, "alice", a, access::Role::kMember);
    std::string path = private_path(start_assessment(*alice));
    move_assessment(*alice, path, a);
    auto anyone = from(server.port, "198.51.100.9");
    anyone->get(path);
    EXPECT_EQ(post_form(*anyone, path + "/delete").status, 403);
    EXPECT_EQ(store::OrganizationRepository(server.database).assessments(a).value().size(), 1u);
}

// #7: a removed owner's invitation links stop working.
TEST(Hardening, RemovingOrDemotingAMemberRevokesTheirLinks) {
    RunningServer server(behind_proxy());
    long long org = make_organization(server, "A");
    auto olive = from(server.port, "198.51.100.1");
    auto oscar = from(server.port, "198.51.100.2");
    sign_up_member(server, *olive, "olive", org, access::Role::kOwner);
    long long oscar_id = sign_up_member(server, *oscar, "oscar", org, access::Role::kOwner);
    std::string owner_link = invitation_token(*oscar, org_path(org), "owner");
    std::string viewer_link = invitation_token(*oscar, org_path(org), "viewer");
    // Demoted to member: the owner link goes, the viewer link stays.
    EXPECT_EQ(change_role(*olive, org_path(org), oscar_id, "member").status, 303);
    EXPECT_EQ(http_get(server.port, "/invitations/" + owner_link).status, 404);
    EXPECT_EQ(http_get(server.port, "/invitations/" + viewer_link).status, 200);
    // Removed: every link goes.
    remove_member(*olive, org_path(org), oscar_id);
    EXPECT_EQ(http_get(server.port, "/invitations/" + viewer_link).status, 404);
}

// #8: behind the trusted proxy, one user's failures do not lock out the school's other users;
// the header is believed from the proxy only.
TEST(Hardening, ThrottlingKeysOnTheClientBehindTheTrustedProxy) {
    FrozenClock clock;  // the address's wait cannot end before its next try
    RunningServer server(behind_proxy(), clock.clock());
    post_sign_up(*from(server.port, "198.51.100.1"), "ada");
    post_sign_up(*from(server.port, "198.51.100.2"), "bea");
    for (int i = 0; i < 5; ++i) sign_in(*from(server.port, "203.0.113.1"), "ada", "guess");
    EXPECT_EQ(sign_in(*from(server.port, "203.0.113.1"), "bea", "correct+horse+battery").status,
              429);  // that address waits
    EXPECT_EQ(sign_in(*from(server.port, "203.0.113.2"), "bea", "correct+horse+battery").status,
              303);  // its neighbour does not
}

// Issue 20, item 5: /metrics decides on the client too. Behind nginx on the same machine every
// request comes from loopback; only a client the proxy names on loopback (a scrape from the
// machine itself) is let in without the token.
TEST(Hardening, MetricsBehindTheTrustedProxyAnswerTheForwardedClientOnlyWithTheToken) {
    ServeConfig config = behind_proxy();
    config.metrics_token = "operators-only-token";
    RunningServer server(config);
    EXPECT_EQ(from(server.port, "203.0.113.9")->get("/metrics").status, 403);
    auto with_token = from(server.port, "203.0.113.9");
    with_token->set_header("Authorization", "Bearer operators-only-token");
    EXPECT_EQ(with_token->get("/metrics").status, 200);
    EXPECT_EQ(from(server.port, "127.0.0.1")->get("/metrics").status, 200);
    EXPECT_EQ(http_get(server.port, "/metrics").status, 200);  // the machine itself, direct
}

// #9: four wrong passwords from anywhere do not keep the owner out: the right password from an
// address without recent failures signs in.
TEST(Hardening, AnAttackerCannotKeepTheOwnerLockedOut) {
    FrozenClock clock;  // the attacker's wait cannot end before its next try
    RunningServer server(behind_proxy(), clock.clock());
    post_sign_up(*from(server.port, "198.51.100.1"), "ada");
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
    long long org = make_organization(server, "A");
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
            made += post_sign_up(*c, name, token).status == 303;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(made, 1);
    EXPECT_EQ(orgs.members(org).value().size(), 1u);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users"), 1);
}

// #12: guessing the current password on the change form is throttled.
TEST(Hardening, ChangePasswordIsThrottled) {
    FrozenClock clock;  // the wait cannot end before the next guess
    RunningServer server(behind_proxy(), clock.clock());
    auto c = from(server.port, "198.51.100.1");
    post_sign_up(*c, "ada");
    std::vector<int> statuses;
    statuses.reserve(6);
    for (int i = 0; i < 6; ++i) {
        statuses.push_back(change_password(*c, "guess", "another+long+one").status);
    }
    EXPECT_EQ(statuses.front(), 400);
    EXPECT_EQ(statuses.back(), 429);
}

// #14: one account holds a bounded number of sessions; anonymous creation is rate-limited.
TEST(Hardening, SessionsPerAccountAreCappedAndCreationIsRateLimited) {
    ServeConfig config = behind_proxy();
    config.new_assessments_per_address = 4;
    FrozenClock clock;  // the wait after the free ones cannot end between requests
    RunningServer server(config, clock.clock());
    post_sign_up(*from(server.port, "198.51.100.1"), "ada");
    for (int i = 0; i < service::kMaxSessionsPerAccount + 5; ++i) {
        EXPECT_EQ(
            sign_in(*from(server.port, "198.51.100.1"), "ada", "correct+horse+battery").status,
            303);
    }
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM sessions"), service::kMaxSessionsPerAccount);

    auto c = from(server.port, "203.0.113.5");
    int created = 0, limited = 0;
    for (int i = 0; i < 4 + 2; ++i) {
        int status = post_new_assessment(*c, "state", "").status;
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
