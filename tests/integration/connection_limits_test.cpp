// Connection limits (issue 15, item 6): one client address cannot take every connection, and
// near the global cap the connections that have waited longest for a request header make room.
// Clients come from two loopback addresses (127.0.0.1 and 127.0.0.2, both loopback on Linux).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

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
    // Reads one response (head and Content-Length body); empty when the server closed first.
    std::string read_response() {
        std::string head;
        while (head.find("\r\n\r\n") == std::string::npos) {
            if (!read_more(head)) return "";
        }
        size_t end = head.find("\r\n\r\n") + 4;
        size_t length = 0;
        auto at = head.find("Content-Length: ");
        if (at != std::string::npos && at < end) length = std::stoul(head.substr(at + 16));
        while (head.size() < end + length) {
            if (!read_more(head)) return "";
        }
        return head;
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
};

// Nothing is closed for slowness while these tests run: only the limits close connections.
ServeConfig patient_config() {
    ServeConfig config = config_for_tests();
    config.header_timeout_seconds = 600;
    config.idle_timeout_seconds = 600;
    return config;
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

}  // namespace cbe::testing
