// Issue 15, items 3 and 14, along the newer ways in: one client cannot grow the database without
// bound through invitations, team sessions, answer history, share links, organizations or the
// audit log, and what expires is purged on a schedule. Bounded floods on loopback; every test
// asserts on counts, statuses and stored rows, never on time. Those that expect a limit's wait
// run on a clock that stands still (FrozenClock), so no wait ends however slow the machine.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <thread>

#include "cli/compose.hpp"
#include "cli/housekeeping.hpp"
#include "core/crypto.hpp"
#include "integration/fixtures.hpp"
#include "service/assessment_service.hpp"
#include "service/audit.hpp"
#include "service/organization_service.hpp"
#include "service/plan_service.hpp"
#include "service/team_session_service.hpp"

namespace cbe::testing {

namespace {

void run_sql(RunningServer& server, const std::string& sql) {
    auto lease = server.database->lease().value();
    lease.session() << sql;
}

bool has(const std::string& body, const std::string& text) {
    return body.find(text) != std::string::npos;
}

// An organization with `client` signed up as its owner; returns its path.
std::string owned_organization(RunningServer& server, Client& client, const std::string& name) {
    long long org = make_organization(server);
    sign_up_member(server, client, name, org, access::Role::kOwner);
    return org_path(org);
}

std::string board(long long session) { return "/sessions/" + std::to_string(session); }

}  // namespace

// An owner making invitation links in a loop: the organization holds at most
// kMaxOpenInvitations open ones; the next is refused with 409 and a clear message, and revoking
// one makes room again.
TEST(HardeningGrowth, OpenInvitationsPerOrganizationAreCapped) {
    RunningServer server;
    Client owner(server.port);
    std::string path = owned_organization(server, owner, "olive");
    int made = 0;
    HttpResult refused;
    for (size_t i = 0; i < service::kMaxOpenInvitations + 3; ++i) {
        auto res = make_invitation(owner, path, "member");
        if (res.status == 200) {
            ++made;
        } else {
            refused = res;
        }
    }
    EXPECT_EQ(made, static_cast<int>(service::kMaxOpenInvitations));
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(has(refused.body, "open invitation links, the most it can have")) << refused.body;
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM invitations"),
              static_cast<long long>(service::kMaxOpenInvitations));
    long long newest = count(server, "SELECT MAX(id) FROM invitations");
    EXPECT_EQ(revoke_invitation(owner, path, newest).status, 303);
    EXPECT_EQ(make_invitation(owner, path, "member").status, 200);
}

// A facilitator opening sessions: at most max_open_per_facilitator open at once (409), and
// opening and closing in a loop is slowed down after opens_per_account within the hour (429 with
// Retry-After); the form keeps the title typed each time.
TEST(HardeningGrowth, TeamSessionsPerFacilitatorAndTheirOpeningRateAreLimited) {
    FrozenClock clock;  // the wait after the free ones cannot end between requests
    RunningServer server(config_for_tests(), clock.clock());
    Client fay(server.port);
    std::string org = owned_organization(server, fay, "fay");
    const service::SessionLimits limits;
    std::vector<long long> open;
    for (long long i = 0; i < limits.max_open_per_facilitator; ++i) {
        auto res = open_session(fay, org, "Review+" + std::to_string(i));
        ASSERT_EQ(res.status, 303) << res.body;
        open.push_back(session_id(res));
    }
    auto full = open_session(fay, org, "One+too+many");
    EXPECT_EQ(full.status, 409);
    EXPECT_TRUE(has(full.body, "You have 10 open sessions already")) << full.body;
    EXPECT_TRUE(has(full.body, "value=\"One too many\""));
    for (long long id : open) close_session(fay, board(id));
    open.clear();
    // Closing made room; the opening rate is what stops a loop.
    int opened = static_cast<int>(limits.max_open_per_facilitator);
    while (opened < limits.opens_per_account) {
        auto res = open_session(fay, org, "Again");
        ASSERT_EQ(res.status, 303) << res.body;
        close_session(fay, board(session_id(res)));
        ++opened;
    }
    auto slowed = open_session(fay, org, "Looping");
    EXPECT_EQ(slowed.status, 429);
    EXPECT_FALSE(slowed.headers["retry-after"].empty());
    EXPECT_TRUE(has(slowed.body, "value=\"Looping\""));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_sessions"), limits.opens_per_account);
}

// A decision's rationale over the limit: 400 on the board, the typed words kept in the form
// and marked, nothing saved (no redirect that drops them).
TEST(HardeningGrowth, AnOverlongDecisionIsRefusedWith400AndKeepsWhatWasTyped) {
    RunningServer server;
    Client fay(server.port);
    std::string org = owned_organization(server, fay, "fay");
    std::string path = board(session_id(open_session(fay, org, "Review")));
    fay.get(path);
    ASSERT_EQ(post_form(fay, path + "/reveal", "element=tech.mastery-tracking").status, 303);
    std::string rationale(service::kMaxRationaleChars + 1, 'r');
    fay.get(path);
    auto refused = post_form(fay, path + "/decide",
                             "element=tech.mastery-tracking&stage=scaling&rationale=" + rationale +
                                 "&dissent=Two+disagree");
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(has(refused.body, "value=\"" + rationale + "\""));
    EXPECT_TRUE(has(refused.body, "value=\"Two disagree\""));
    EXPECT_TRUE(has(refused.body, "usa-input--error"));
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_session_elements WHERE outcome IS NOT NULL"),
              0);
}

// Saving one answer with a new note, again and again: its history keeps the newest
// kAnswerHistoryPerElement earlier values, not every one.
TEST(HardeningGrowth, AnswerHistoryKeepsTheNewestValuesOfEachAnswer) {
    RunningServer server;
    Client anyone(server.port);
    std::string step = start_assessment(anyone);
    const int saves = static_cast<int>(service::kAnswerHistoryPerElement) + 15;
    anyone.get(step);
    for (int i = 0; i < saves; ++i) {
        ASSERT_EQ(post_form(anyone, step, "choice=entry&note=draft+" + std::to_string(i)).status,
                  303);
    }
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM answer_history"),
              static_cast<long long>(service::kAnswerHistoryPerElement));
    // The newest earlier value is kept; the oldest went.
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM answer_history WHERE note = 'draft " +
                                std::to_string(saves - 2) + "'"),
              1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM answer_history WHERE note = 'draft 0'"), 0);
}

// Making and revoking invitation links in a loop: after kFreeInvitationsPerHour links the
// account waits (429, Retry-After, the typed role and email kept), so neither the table nor the
// audit log grows without bound.
TEST(HardeningGrowth, InvitationLoopsAreSlowedDown) {
    FrozenClock clock;  // the wait after the free ones cannot end between requests
    RunningServer server(config_for_tests(), clock.clock());
    Client owner(server.port);
    std::string path = owned_organization(server, owner, "olive");
    int made = 0;
    HttpResult slowed;
    for (int i = 0; i < service::kFreeInvitationsPerHour + 3 && slowed.status == 0; ++i) {
        auto res = make_invitation(owner, path, "facilitator");
        if (res.status != 200) {
            slowed = res;
            break;
        }
        ++made;
        long long newest = count(server, "SELECT MAX(id) FROM invitations");
        ASSERT_EQ(revoke_invitation(owner, path, newest).status, 303);
    }
    EXPECT_EQ(made, service::kFreeInvitationsPerHour);
    EXPECT_EQ(slowed.status, 429);
    EXPECT_FALSE(slowed.headers["retry-after"].empty());
    EXPECT_TRUE(has(slowed.body, "<option value=\"facilitator\" selected>")) << slowed.body;
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM invitations"), 0);
    // The makings repeat and are counted; the revocations name their link, so at most one entry
    // for each link the limit let through.
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'invitation-created'"),
              service::kAuditRepeatsWritten);
    EXPECT_LE(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'invitation-revoked'"),
              service::kFreeInvitationsPerHour);
}

// Making and revoking share links in a loop: the newest kRevokedShareLinksListed revoked ones
// stay listed, older ones go; past kFreeShareLinksPerHour new links the maker waits (429).
TEST(HardeningGrowth, RevokedShareLinksDoNotPileUpAndMakingThemIsSlowedDown) {
    static_assert(static_cast<size_t>(service::kFreeShareLinksPerHour) >
                  service::kRevokedShareLinksListed);
    FrozenClock clock;  // the wait after the free ones cannot end between requests
    RunningServer server(config_for_tests(), clock.clock());
    Client anyone(server.port);
    std::string path = private_path(start_assessment(anyone));
    const int rounds = service::kFreeShareLinksPerHour;
    for (int i = 0; i < rounds; ++i) {
        anyone.get(path + "/share");
        ASSERT_EQ(post_form(anyone, path + "/share").status, 200);
        long long newest = count(server, "SELECT MAX(id) FROM share_links");
        ASSERT_EQ(post_form(anyone, path + "/share/" + std::to_string(newest) + "/revoke").status,
                  303);
    }
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM share_links"),
              static_cast<long long>(service::kRevokedShareLinksListed));
    anyone.get(path + "/share");
    auto slowed = post_form(anyone, path + "/share");
    EXPECT_EQ(slowed.status, 429);
    EXPECT_FALSE(slowed.headers["retry-after"].empty());
}

// Several accounts from one address cannot multiply the per-account organization limit.
TEST(HardeningGrowth, OrganizationsMadeFromOneAddressAreLimited) {
    FrozenClock clock;  // the wait after the free ones cannot end between requests
    RunningServer server(config_for_tests(), clock.clock());
    int made = 0;
    HttpResult slowed;
    for (const char* name : {"ada", "bea", "cy"}) {
        Client c(server.port);
        sign_up(server, c, name);
        for (int i = 0; i < service::kFreeOrganizationsPerHour; ++i) {
            c.get("/orgs/new");
            auto res = post_form(
                c, "/orgs", "name=Org+" + std::string(name) + std::to_string(i) + "&kind=district");
            if (res.status == 303) ++made;
            if (res.status == 429 && slowed.status == 0) slowed = res;
        }
    }
    EXPECT_EQ(made, service::kFreeOrganizationsPerAddressPerHour);
    EXPECT_EQ(slowed.status, 429);
    EXPECT_TRUE(has(slowed.body, "value=\"Org cy0\"")) << slowed.body;
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM organizations"),
              service::kFreeOrganizationsPerAddressPerHour);
}

// The same audited action over and over (here a member downloading an export) writes
// kAuditRepeatsWritten entries, then counts the rest on the last one; the audit page says how
// often.
TEST(HardeningGrowth, RepeatedAuditEntriesAreCountedNotWrittenAgain) {
    RunningServer server;
    Client owner(server.port);
    long long org = make_organization(server);
    sign_up_member(server, owner, "olive", org, access::Role::kOwner);
    std::string path = private_path(start_assessment(owner));
    ASSERT_EQ(move_assessment(owner, path, org).status, 303);
    long long assessment = count(server, "SELECT MAX(id) FROM assessments");
    std::string csv = org_path(org) + "/assessments/" + std::to_string(assessment) + "/results.csv";
    const int downloads = 40;
    for (int i = 0; i < downloads; ++i) ASSERT_EQ(owner.get(csv).status, 200);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'export'"),
              service::kAuditRepeatsWritten);
    EXPECT_EQ(count(server, "SELECT SUM(repeats) FROM audit_log WHERE event = 'export'"),
              downloads);
    auto page = owner.get(org_path(org) + "/audit");
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(has(
        page.body,
        "Repeated " + std::to_string(downloads - service::kAuditRepeatsWritten) + " more times"))
        << page.body;
}

// Housekeeping, as `roadmap serve` runs it (cli::build's services on a schedule): expired
// sign-in sessions, old throttle counts, audit entries past the retention, expired password
// resets and invitations, and share links revoked long ago are deleted; current rows stay; and
// it runs again on its period.
TEST(HardeningGrowth, HousekeepingPurgesWhatExpiredInEveryTableOnASchedule) {
    RunningServer server;
    Client ada(server.port);
    long long user = sign_up(server, ada, "ada");
    long long org = make_organization(server, "A");
    start_assessment(ada);
    long long assessment = count(server, "SELECT MAX(id) FROM assessments");
    const std::string old = "2020-01-01T00:00:00Z";
    const std::string now = iso8601(std::chrono::system_clock::now());
    const std::string soon = iso8601(std::chrono::system_clock::now() + std::chrono::hours(2));
    const std::string u = std::to_string(user), o = std::to_string(org),
                      a = std::to_string(assessment);
    auto plant_old_rows = [&](const std::string& tag) {
        run_sql(server, "INSERT INTO sessions VALUES ('old" + tag + "', " + u + ", '" + old +
                            "', '" + old + "')");
        run_sql(server,
                "INSERT INTO sign_in_failures VALUES ('ip:old" + tag + "', 3, '" + old + "')");
        run_sql(server, "INSERT INTO audit_log (at, event, detail, address) VALUES ('" + old +
                            "', 'sign-in', 'old" + tag + "', '')");
        run_sql(server, "INSERT INTO password_resets VALUES ('old" + tag + "', " + u + ", '" + old +
                            "', '" + old + "', NULL)");
        run_sql(server,
                "INSERT INTO invitations (token_hash, organization_id, role, created_at, "
                "expires_at) VALUES ('old" +
                    tag + "', " + o + ", 'member', '" + old + "', '" + old + "')");
        run_sql(server,
                "INSERT INTO share_links (token_hash, assessment_id, created_at, revoked_at) "
                "VALUES ('old" +
                    tag + "', " + a + ", '" + old + "', '" + old + "')");
    };
    plant_old_rows("1");
    run_sql(server, "INSERT INTO password_resets VALUES ('current', " + u + ", '" + now + "', '" +
                        soon + "', NULL)");
    run_sql(server,
            "INSERT INTO invitations (token_hash, organization_id, role, created_at, expires_at) "
            "VALUES ('current', " +
                o + ", 'member', '" + now + "', '" + soon + "')");
    run_sql(server,
            "INSERT INTO share_links (token_hash, assessment_id, created_at, revoked_at) VALUES "
            "('revoked-today', " +
                a + ", '" + now + "', '" + now + "')");

    cli::Parts parts(server.roadmap, server.database);
    parts.password_cost = crypto::minimum_cost();
    auto built = cli::build(config_for_tests(), parts);
    ASSERT_TRUE(built);
    ASSERT_TRUE(built->services.housekeeping);
    auto old_rows = [&] {
        return count(server, "SELECT COUNT(*) FROM sessions WHERE id_hash LIKE 'old%'") +
               count(server,
                     "SELECT COUNT(*) FROM sign_in_failures WHERE throttle_key LIKE 'ip:old%'") +
               count(server, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE 'old%'") +
               count(server, "SELECT COUNT(*) FROM password_resets WHERE token_hash LIKE 'old%'") +
               count(server, "SELECT COUNT(*) FROM invitations WHERE token_hash LIKE 'old%'") +
               count(server, "SELECT COUNT(*) FROM share_links WHERE token_hash LIKE 'old%'");
    };
    ASSERT_EQ(old_rows(), 6);
    {
        cli::HousekeepingSchedule schedule(built->services.housekeeping,
                                           std::chrono::hours(24 * 30),
                                           std::chrono::milliseconds(20));
        // Waits for runs, not for a time: the count of runs is what is checked.
        auto wait_for_runs = [&](long long n) {
            for (int i = 0; i < 12000 && schedule.runs() < n; ++i) {  // at most 2 minutes
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            ASSERT_GE(schedule.runs(), n);
        };
        wait_for_runs(1);
        EXPECT_EQ(old_rows(), 0);
        // Planted after the first run, gone after a later one: it runs on its period.
        long long done = schedule.runs();
        plant_old_rows("2");
        wait_for_runs(done + 2);
        EXPECT_EQ(old_rows(), 0);
    }
    // What is current stays: ada's session, the open reset and invitation, the link revoked today.
    EXPECT_EQ(ada.get("/account").status, 200);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM password_resets"), 1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM invitations"), 1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM share_links"), 1);
    EXPECT_GT(count(server, "SELECT COUNT(*) FROM audit_log"), 0);
}

}  // namespace cbe::testing
