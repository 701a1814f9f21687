// Connection limits (issue 15, item 6): one client address cannot take every connection, and
// near the global cap the connections that have waited longest for a request header make room.
// Clients come from two loopback addresses (127.0.0.1 and 127.0.0.2, both loopback on Linux).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "integration/fixtures.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

// A blocking TCP connection from a chosen loopback address. Reads give up after 60 s, so a
// failing test ends instead of hanging; no test passes or fails by time.
class Peer {
  public:
    Peer(const char* from, uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        timeval patience{60, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, from, &local.sin_addr);
        sockaddr_in server{};
        server.sin_family = AF_INET;
        server.sin_port = htons(port);
        inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
        connected_ = bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
                     connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0;
    }
    ~Peer() { close(fd_); }
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;
    bool connected() const { return connected_; }

    // Sends a GET; false when the connection is already gone.
    bool send_get(const std::string& target, bool keep_alive) {
        std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                              (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
        return ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(request.size());
    }
    // Reads one response (head and Content-Length body; only the head of an event stream);
    // empty when the server closed first.
    std::string read_response() {
        while (pending_.find("\r\n\r\n") == std::string::npos) {
            if (!read_more(pending_)) return "";
        }
        size_t end = pending_.find("\r\n\r\n") + 4;
        size_t length = 0;
        auto at = pending_.find("Content-Length: ");
        if (at != std::string::npos && at < end) length = std::stoul(pending_.substr(at + 16));
        while (pending_.size() < end + length) {
            if (!read_more(pending_)) return "";
        }
        std::string response = pending_.substr(0, end + length);
        pending_.erase(0, end + length);
        return response;
    }
    // The next version event of an event stream (heartbeats and the retry field skipped), as
    // its data line; empty when the stream ends first.
    std::string read_version_event() {
        for (;;) {
            size_t end = pending_.find("\n\n");
            while (end == std::string::npos) {
                if (!read_more(pending_)) return "";
                end = pending_.find("\n\n");
            }
            std::string block = pending_.substr(0, end);
            pending_.erase(0, end + 2);
            if (block.rfind("event: version\n", 0) == 0) return block.substr(15);
        }
    }
    // The status of a whole exchange, 0 when the connection was closed on us.
    int get_status(const std::string& target, bool keep_alive = false) {
        if (!send_get(target, keep_alive)) return 0;
        std::string response = read_response();
        return response.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(response.substr(9, 3)) : 0;
    }
    // True once the server has closed the connection without sending anything.
    bool closed_by_server() {
        char byte;
        return recv(fd_, &byte, 1, 0) == 0;
    }

  private:
    bool read_more(std::string& into) {
        char chunk[4096];
        ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        into.append(chunk, static_cast<size_t>(n));
        return true;
    }
    int fd_;
    bool connected_ = false;
    std::string pending_;  // read and not yet taken
};

// Nothing is closed for slowness while these tests run: only the limits close connections.
ServeConfig patient_config() {
    ServeConfig config = config_for_tests();
    config.header_timeout_seconds = 600;
    config.idle_timeout_seconds = 600;
    return config;
}

// Both ends of every connection are in this process: allow it as many as the system lets it.
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

TEST(ConnectionLimits, OneAddressBeyondItsLimitIsRefusedWhileAnotherAddressIsServed) {
    ServeConfig config = patient_config();
    config.max_connections_per_address = 4;
    RunningServer server(config);
    std::vector<std::unique_ptr<Peer>> flood;
    for (int i = 0; i < 7; ++i) {
        flood.push_back(std::make_unique<Peer>("127.0.0.1", server.port));
        ASSERT_TRUE(flood.back()->connected());
    }
    // The server accepts in order, so once this probe is answered it has ruled on all seven.
    Peer probe("127.0.0.2", server.port);
    ASSERT_TRUE(probe.connected());
    EXPECT_EQ(probe.get_status("/healthz"), 200);
    std::vector<int> statuses;
    statuses.reserve(flood.size());
    for (auto& peer : flood) statuses.push_back(peer->get_status("/healthz"));
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 200, 0, 0, 0}));
}

// Behind a reverse proxy every connection comes from the proxy; it carries many clients.
TEST(ConnectionLimits, ATrustedProxyIsNotHeldToThePerAddressLimit) {
    ServeConfig config = patient_config();
    config.max_connections_per_address = 2;
    config.trusted_proxies = {"127.0.0.1"};
    RunningServer server(config);
    std::vector<std::unique_ptr<Peer>> proxied;
    for (int i = 0; i < 5; ++i) {
        proxied.push_back(std::make_unique<Peer>("127.0.0.1", server.port));
        ASSERT_TRUE(proxied.back()->connected());
    }
    for (auto& peer : proxied) EXPECT_EQ(peer->get_status("/healthz"), 200);
    // Anyone else still is.
    Peer one("127.0.0.2", server.port), two("127.0.0.2", server.port),
        three("127.0.0.2", server.port);
    Peer probe("127.0.0.1", server.port);
    EXPECT_EQ(probe.get_status("/healthz"), 200);
    EXPECT_EQ(three.get_status("/healthz"), 0);
}

TEST(ConnectionLimits, AnAddressAtItsLimitGivesUpItsOldestKeptAliveConnection) {
    ServeConfig config = patient_config();
    config.max_connections_per_address = 3;
    RunningServer server(config);
    std::vector<std::unique_ptr<Peer>> kept;
    for (int i = 0; i < 3; ++i) {
        kept.push_back(std::make_unique<Peer>("127.0.0.1", server.port));
        ASSERT_EQ(kept.back()->get_status("/healthz", true), 200);  // kept alive, waiting
    }
    // Many people behind one school's NAT share an address: a new connection is served, and
    // the connection that has waited longest for its next request is closed instead.
    Peer newcomer("127.0.0.1", server.port);
    EXPECT_EQ(newcomer.get_status("/healthz", true), 200);
    EXPECT_TRUE(kept[0]->closed_by_server());
    EXPECT_EQ(kept[1]->get_status("/healthz"), 200);
    EXPECT_EQ(kept[2]->get_status("/healthz"), 200);
}

TEST(ConnectionLimits, NearTheCapTheConnectionsWaitingLongestForAHeaderAreShedFirst) {
    ServeConfig config = patient_config();
    config.max_connections = 8;  // shedding begins at 7 open connections
    RunningServer server(config);
    std::vector<std::unique_ptr<Peer>> stalled;  // connected, never send a request
    for (int i = 0; i < 8; ++i) {
        stalled.push_back(std::make_unique<Peer>("127.0.0.1", server.port));
        ASSERT_TRUE(stalled.back()->connected());
    }
    Peer probe("127.0.0.2", server.port);
    ASSERT_TRUE(probe.connected());
    EXPECT_EQ(probe.get_status("/healthz"), 200);
    // The eighth connection made room by closing the first, the probe by closing the second.
    EXPECT_TRUE(stalled[0]->closed_by_server());
    EXPECT_TRUE(stalled[1]->closed_by_server());
    for (size_t i = 2; i < stalled.size(); ++i) {
        EXPECT_EQ(stalled[i]->get_status("/healthz"), 200) << "connection " << i;
    }
}

// Issue 20, item 15: a school behind one address. 150 participants of a team session share
// 127.0.0.2 (school Wi-Fi without a proxy), each with a page kept alive and a live-update stream:
// with the default limits every one is served and kept (streams are not counted in the address's
// connections), while a flood of connections from one other address is held to that address's
// limit and a newcomer from a third is answered.
TEST(ConnectionLimits, OneHundredFiftyParticipantsBehindOneAddressAreServedWhileAFloodIsHeld) {
    raise_descriptor_limit();
    const ServeConfig config = patient_config();  // the default connection and stream limits
    RunningServer server(config);
    Client facilitator(server.port);
    long long org = make_organization(server);
    sign_up_member(server, facilitator, "fay", org, access::Role::kFacilitator);
    const std::string board =
        "/sessions/" +
        std::to_string(session_id(open_session(facilitator, org_path(org), "Assembly")));
    const std::string code = join_code(facilitator, board);
    constexpr size_t kParticipants = 150;
    std::vector<std::string> links;
    for (size_t i = 0; i < kParticipants; ++i) {
        Client phone(server.port);
        auto joined = join_session(phone, code);
        ASSERT_EQ(joined.status, 303) << i;
        links.push_back(joined.headers["location"]);
    }

    std::vector<std::unique_ptr<Peer>> pages, streams;
    for (const auto& link : links) {
        pages.push_back(std::make_unique<Peer>("127.0.0.2", server.port));
        ASSERT_EQ(pages.back()->get_status(link, true), 200) << pages.size();
        streams.push_back(std::make_unique<Peer>("127.0.0.2", server.port));
        ASSERT_TRUE(streams.back()->send_get(link + "/events", true));
        ASSERT_EQ(streams.back()->read_response().rfind("HTTP/1.1 200 OK\r\n", 0), 0U)
            << streams.size();
        ASSERT_FALSE(streams.back()->read_version_event().empty());
    }

    // The flood: connections from 127.0.0.3 that send nothing, 20 more than one address holds.
    const size_t flood_size = config.max_connections_per_address + 20;
    std::vector<std::unique_ptr<Peer>> flood;
    for (size_t i = 0; i < flood_size; ++i) {
        flood.push_back(std::make_unique<Peer>("127.0.0.3", server.port));
        ASSERT_TRUE(flood.back()->connected());
    }
    // The server accepts in order: once the newcomer is answered it has ruled on the flood.
    Peer newcomer("127.0.0.4", server.port);
    EXPECT_EQ(newcomer.get_status("/healthz"), 200);
    size_t served = 0, closed = 0;
    for (auto& peer : flood) ++(peer->get_status("/healthz") == 200 ? served : closed);
    EXPECT_EQ(served, config.max_connections_per_address);
    EXPECT_EQ(closed, 20U);

    // Every participant is still there: a change reaches all 150 streams, and each kept page
    // connection answers again.
    facilitator.get(board);
    EXPECT_EQ(post_form(facilitator, board + "/joining", "open=no").status, 303);
    for (size_t i = 0; i < kParticipants; ++i) {
        EXPECT_FALSE(streams[i]->read_version_event().empty()) << i;
        EXPECT_EQ(pages[i]->get_status(links[i], true), 200) << i;
    }
    auto metrics = http_get(server.port, "/metrics").body;
    EXPECT_NE(metrics.find("\nroadmap_open_event_streams 150\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("\nroadmap_connections_refused_total 20\n"), std::string::npos);
    EXPECT_NE(metrics.find("\nroadmap_connections_shed_total 0\n"), std::string::npos);
}

}  // namespace cbe::testing
