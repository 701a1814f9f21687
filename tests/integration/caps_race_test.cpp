// Caps under concurrency, through the real server: requests sent together, released at once by a
// latch, must stop exactly at each cap (open team sessions per facilitator and per organization,
// open invitation links per organization) and be answered with the cap's own 409, never a 503.
// A refused invitation does not use up an inbox's share of emails, and an invitation email is
// sent off the request: the page answers while the mail server has not even said hello.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <latch>
#include <map>
#include <thread>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "integration/fixtures.hpp"
#include "integration/smtp_sink.hpp"
#include "service/organization_service.hpp"
#include "service/team_session_service.hpp"
#include "store/organization_repository.hpp"
#include "store/team_session_repository.hpp"

namespace cbe::testing {

namespace {

// Sends every request of `sends` at the same moment (each from its own thread, all released
// together) and returns how many answers had each status.
std::map<int, int> all_at_once(const std::vector<std::function<HttpResult()>>& sends) {
    std::latch ready(static_cast<std::ptrdiff_t>(sends.size()));
    std::vector<int> statuses(sends.size());
    std::vector<std::thread> threads;
    threads.reserve(sends.size());
    for (size_t i = 0; i < sends.size(); ++i) {
        threads.emplace_back([&, i] {
            ready.arrive_and_wait();
            statuses[i] = sends[i]().status;
        });
    }
    for (auto& t : threads) t.join();
    std::map<int, int> out;
    for (int s : statuses) ++out[s];
    return out;
}

// `copies` POSTs of `fields` to `target`, each from its own copy of the signed-in `who`, whose
// form was fetched from `form` first (so each carries its CSRF token).
std::vector<std::function<HttpResult()>> posts(Client& who, const std::string& form,
                                               const std::string& target, const std::string& fields,
                                               int copies) {
    who.get(form);
    std::vector<std::function<HttpResult()>> out;
    out.reserve(static_cast<size_t>(copies));
    for (int i = 0; i < copies; ++i) {
        out.emplace_back([c = who, target, fields]() mutable {
            return c.post(target, "csrf=" + c.csrf() + "&" + fields);
        });
    }
    return out;
}

std::vector<std::function<HttpResult()>> session_opens(Client& who, const std::string& org,
                                                       int copies) {
    return posts(who, org + "/sessions/new?audience=district", org + "/sessions",
                 "audience=district&title=Review&school_year=2026-27&element=tech.mastery-tracking",
                 copies);
}

// `n` open invitation links in `org`, made in the store as the command line would.
void fill_invitations(RunningServer& server, long long org, size_t n) {
    store::OrganizationRepository orgs(server.database);
    for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(orgs.create_invitation(crypto::token_hash(crypto::new_token()), org,
                                           access::Role::kMember, 0,
                                           iso8601(std::chrono::system_clock::now()), "9999"));
    }
}

// A mail server that keeps every connection waiting, unanswered, until released; then it passes
// each one on to the real one at `to`. Before release a client that connected is still waiting
// for the server's greeting.
class HeldMailServer {
  public:
    explicit HeldMailServer(uint16_t to) : to_(to) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listener_, 16) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("no port for the held mail server");
        }
        port_ = ntohs(addr.sin_port);
    }
    ~HeldMailServer() {
        stopping_ = true;
        if (relay_.joinable()) relay_.join();
        ::close(listener_);
    }
    HeldMailServer(const HeldMailServer&) = delete;
    HeldMailServer& operator=(const HeldMailServer&) = delete;

    uint16_t port() const { return port_; }
    // From now on, connections (those waiting and later ones) are relayed, one at a time.
    void release() {
        relay_ = std::thread([this] {
            while (!stopping_) {
                pollfd waiting{listener_, POLLIN, 0};
                if (::poll(&waiting, 1, 100) <= 0) continue;
                int client = ::accept(listener_, nullptr, nullptr);
                if (client >= 0) relay(client);
            }
        });
    }

  private:
    void relay(int client) {
        int server = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(to_);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
            pollfd ends[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            char buffer[4096];
            bool open = true;
            while (open && !stopping_) {
                if (::poll(ends, 2, 100) <= 0) continue;
                for (int i = 0; i < 2 && open; ++i) {
                    if (ends[i].revents == 0) continue;
                    ssize_t n = ::read(ends[i].fd, buffer, sizeof buffer);
                    if (n <= 0) {
                        open = false;
                        break;
                    }
                    for (ssize_t sent = 0; sent < n && open;) {
                        ssize_t w = ::write(ends[1 - i].fd, buffer + sent, n - sent);
                        open = w > 0;
                        sent += std::max<ssize_t>(w, 0);
                    }
                }
            }
        }
        ::close(server);
        ::close(client);
    }

    uint16_t to_;
    int listener_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread relay_;
};

// Closes every open session of `org` (in the store) and moves the clock past the opening rate's
// window, for another round.
void next_round(RunningServer& server, long long org, MovableClock& clock) {
    store::TeamSessionRepository sessions(server.database);
    auto all = sessions.for_organization(org).value();
    for (const auto& s : all) {
        if (s.closed) continue;
        auto closed = sessions.close(s.id, iso8601(std::chrono::system_clock::now()));
        ASSERT_TRUE(closed) << closed.error().message;
    }
    clock.offset += 2LL * 60 * 60;
}

// A race shows only when requests happen to interleave: each test sends its burst in rounds.
constexpr int kRounds = 3;

}  // namespace

// One facilitator opening twice their cap of sessions at once (within the free opening rate):
// exactly the cap opens; every other one is the cap's 409, and nothing of it is left behind.
TEST(CapsRace, SessionsOpenedTogetherStopAtTheFacilitatorsCap) {
    MovableClock clock;
    RunningServer server(config_for_tests(), clock.clock());
    Client fay(server.port);
    long long org = make_organization(server);
    long long fay_id = sign_up_member(server, fay, "fay", org, access::Role::kOwner);
    const service::SessionLimits limits;
    for (int round = 1; round <= kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        auto opens = session_opens(fay, org_path(org), limits.opens_per_account);
        ASSERT_GT(static_cast<long long>(opens.size()), limits.max_open_per_facilitator);
        auto statuses = all_at_once(opens);
        EXPECT_EQ(statuses[303], limits.max_open_per_facilitator);
        EXPECT_EQ(statuses[409], limits.opens_per_account - limits.max_open_per_facilitator);
        EXPECT_EQ(count(server,
                        "SELECT COUNT(*) FROM team_sessions WHERE state = 'open' AND "
                        "opened_by = " +
                            std::to_string(fay_id)),
                  limits.max_open_per_facilitator);
        EXPECT_EQ(count(server, "SELECT COUNT(*) FROM team_sessions"),
                  round * limits.max_open_per_facilitator);
        EXPECT_EQ(count(server, "SELECT COUNT(DISTINCT session_id) FROM team_session_elements"),
                  round * limits.max_open_per_facilitator);
        next_round(server, org, clock);
    }
}

// Three facilitators, each under their own cap, opening together more than the organization
// may hold: exactly the organization's cap opens.
TEST(CapsRace, SessionsOpenedTogetherStopAtTheOrganizationsCap) {
    MovableClock clock;
    RunningServer server(config_for_tests(), clock.clock());
    long long org = make_organization(server);
    const service::SessionLimits limits;
    const long long each = limits.max_open_per_facilitator - 1;
    std::vector<std::unique_ptr<Client>> people;
    for (const char* name : {"fay", "gus", "hal"}) {
        people.push_back(std::make_unique<Client>(server.port));
        sign_up_member(server, *people.back(), name, org, access::Role::kFacilitator);
    }
    for (int round = 1; round <= kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        std::vector<std::function<HttpResult()>> opens;
        for (auto& person : people) {
            auto theirs = session_opens(*person, org_path(org), static_cast<int>(each));
            opens.insert(opens.end(), theirs.begin(), theirs.end());
        }
        ASSERT_GT(static_cast<long long>(opens.size()), limits.max_open_per_organization);
        auto statuses = all_at_once(opens);
        EXPECT_EQ(statuses[303], limits.max_open_per_organization);
        EXPECT_EQ(statuses[409], static_cast<long long>(opens.size()) - statuses[303]);
        EXPECT_EQ(count(server,
                        "SELECT COUNT(*) FROM team_sessions WHERE state = 'open' AND "
                        "organization_id = " +
                            std::to_string(org)),
                  limits.max_open_per_organization);
        next_round(server, org, clock);
    }
}

// Owners making links together when the organization is near its cap: exactly the room left is
// made, and every other request is told the cap (409), none 503 (a transaction that read the
// count before writing could not take the write lock once another had written).
TEST(CapsRace, InvitationLinksMadeTogetherStopAtTheCapWithoutA503) {
    RunningServer server;
    long long org = make_organization(server);
    const size_t room = 10;
    fill_invitations(server, org, service::kMaxOpenInvitations - room);
    std::vector<std::unique_ptr<Client>> owners;
    std::vector<std::function<HttpResult()>> makes;
    for (const char* name : {"ada", "bea", "cyd"}) {
        owners.push_back(std::make_unique<Client>(server.port));
        sign_up_member(server, *owners.back(), name, org, access::Role::kOwner);
        auto theirs =
            posts(*owners.back(), org_path(org), org_path(org) + "/invitations", "role=member", 8);
        makes.insert(makes.end(), theirs.begin(), theirs.end());
    }

    auto statuses = all_at_once(makes);
    EXPECT_EQ(statuses[200], static_cast<int>(room));
    EXPECT_EQ(statuses[409], static_cast<int>(makes.size() - room));
    EXPECT_EQ(statuses[503], 0);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM invitations WHERE organization_id = " +
                                std::to_string(org)),
              static_cast<long long>(service::kMaxOpenInvitations));
}

// An emailed invitation refused by the organization's cap sends nothing, so it must not use up
// one of the inbox's emails for the hour: another organization can still invite that person.
TEST(CapsRace, ARefusedInvitationDoesNotUseUpTheInboxsShare) {
    SmtpSink sink;
    RunningServer server(with_email(sink.port()));
    Client ada(server.port);
    long long full = make_organization(server, "Full District");
    sign_up_member(server, ada, "ada", full, access::Role::kOwner);
    fill_invitations(server, full, service::kMaxOpenInvitations);
    for (int i = 0; i < service::kInvitationEmailsPerInboxPerHour; ++i) {
        auto refused = make_invitation(ada, org_path(full), "member", "carl%40example.org");
        EXPECT_EQ(refused.status, 409);
        EXPECT_NE(refused.body.find("the most it can have"), std::string::npos);
    }

    Client bea(server.port);
    long long other = make_organization(server, "Other District");
    sign_up_member(server, bea, "bea", other, access::Role::kOwner);
    auto invited = make_invitation(bea, org_path(other), "member", "carl%40example.org");
    EXPECT_EQ(invited.status, 200) << invited.body;
    auto messages = sink.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].find("To: carl@example.org"), std::string::npos);
    EXPECT_NE(messages[0].find("Join Other District"), std::string::npos);

    // The inbox's share is used up by invitations that were made: past it, 429 and no link is
    // left behind.
    for (int i = 1; i < service::kInvitationEmailsPerInboxPerHour; ++i) {
        EXPECT_EQ(make_invitation(bea, org_path(other), "member", "carl%40example.org").status,
                  200);
    }
    auto past = make_invitation(bea, org_path(other), "member", "carl%40example.org");
    EXPECT_EQ(past.status, 429);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM invitations WHERE organization_id = " +
                                std::to_string(other)),
              service::kInvitationEmailsPerInboxPerHour);
}

// The invitation page answers while the mail server has not greeted yet: the email goes through
// the outbox, off the request. Released afterwards, the server gets the same link.
TEST(CapsRace, AnInvitationEmailDoesNotHoldTheRequest) {
    SmtpSink sink;
    HeldMailServer held(sink.port());
    ServeConfig config = with_email(held.port());
    // Without the outbox, the request would wait for the greeting this long, then fail.
    config.smtp.timeout_seconds = 10;
    RunningServer server(config);
    Client ada(server.port);
    sign_up(server, ada, "ada");
    std::string org = new_organization(ada, "Portland");
    auto invited = make_invitation(ada, org, "member", "bob%40example.org");
    held.release();
    EXPECT_EQ(invited.status, 200);
    EXPECT_NE(invited.body.find("Invitation sent"), std::string::npos) << invited.body;
    std::string shown = first_match(invited.body, std::string("/invitations/") + kToken);
    ASSERT_FALSE(shown.empty());
    auto messages = sink.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(first_match(messages[0], std::string("/invitations/") + kToken), shown);
}

}  // namespace cbe::testing
