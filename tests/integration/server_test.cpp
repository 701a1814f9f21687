// Starts the real server in-process on port 0 over the bundled content, and speaks HTTP to it.
#include "web/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <random>
#include <thread>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "store/migrations.hpp"
#include "web/site.hpp"

namespace cbe::testing {

class Server : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<RunningServer>(); }
    static void TearDownTestSuite() { server_.reset(); }
    static std::unique_ptr<RunningServer> server_;
};
std::unique_ptr<RunningServer> Server::server_;

TEST_F(Server, EveryPublicRouteAnswers200WithHtml) {
    const auto& rm = *server_->roadmap;
    std::vector<std::string> targets{"/",          "/roadmap",  "/examples",
                                     "/resources", "/glossary", "/facilitator-guide",
                                     "/mini",      "/about",    "/resources?area=policy&q=privacy"};
    for (const auto& a : rm.audiences) {
        targets.push_back("/pathways/" + a.id);
        targets.push_back("/roadmap?audience=" + a.id);
    }
    for (const auto& e : rm.elements) targets.push_back("/elements/" + e.id);
    for (const auto& e : rm.examples) targets.push_back("/examples/" + e.id);
    for (const auto& r : rm.resources) targets.push_back("/resources/" + r.id);
    for (const auto& target : targets) {
        auto res = http_get(server_->port, target);
        EXPECT_EQ(res.status, 200) << target;
        EXPECT_EQ(res.headers["content-type"], "text/html; charset=utf-8") << target;
        EXPECT_NE(res.body.find("<main id=\"main-content\""), std::string::npos) << target;
    }
}

TEST_F(Server, HealthCheckAnswersOk) {
    auto res = http_get(server_->port, "/healthz");
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "ok\n");
}

TEST_F(Server, UnknownAddressesAnswer404) {
    EXPECT_EQ(http_get(server_->port, "/no/such/page").status, 404);
    EXPECT_EQ(http_get(server_->port, "/examples/nobody").status, 404);
    EXPECT_EQ(http_get(server_->port, "/assets/0000/css/nothing.css").status, 404);
}

TEST_F(Server, HeadAnswersHeadersWithoutABody) {
    auto get = http_get(server_->port, "/roadmap");
    auto head = http_request(server_->port, "HEAD", "/roadmap");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.headers["content-length"], std::to_string(get.body.size()));
    EXPECT_TRUE(head.body.empty());
}

TEST_F(Server, ConditionalGetAnswers304) {
    auto first = http_get(server_->port, "/mini");
    ASSERT_FALSE(first.headers["etag"].empty());
    auto again =
        http_request(server_->port, "GET", "/mini", {{"If-None-Match", first.headers["etag"]}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
}

TEST_F(Server, OversizedBodyAnswers413) {
    std::string big(size_t{64} * 1024, 'x');
    auto res = raw_exchange(server_->port, "POST /about HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                               std::to_string(big.size()) + "\r\n\r\n" + big);
    EXPECT_EQ(res.rfind("HTTP/1.1 413", 0), 0u) << res.substr(0, 80);
}

TEST_F(Server, OversizedHeadersAnswer431) {
    std::string cookie(size_t{16} * 1024, 'c');
    auto res =
        raw_exchange(server_->port, "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + cookie + "\r\n\r\n");
    EXPECT_EQ(res.rfind("HTTP/1.1 431", 0), 0u) << res.substr(0, 80);
}

TEST_F(Server, MalformedRequestsAnswer400) {
    auto res =
        raw_exchange(server_->port, "GET /a%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(res.rfind("HTTP/1.1 400", 0), 0u) << res.substr(0, 80);
}

TEST_F(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
    auto statuses = keep_alive_gets(server_->port, {"/", "/about", "/nope", "/glossary"});
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 404, 200}));
}

TEST_F(Server, SecurityHeadersOnPagesAndErrors) {
    for (const auto& target : {"/", "/nope"}) {
        auto res = http_get(server_->port, target);
        EXPECT_NE(res.headers["content-security-policy"].find("frame-ancestors 'none'"),
                  std::string::npos);
        EXPECT_EQ(res.headers["x-content-type-options"], "nosniff");
    }
}

// Shutdown scenes. No clocks: each step waits for a condition (a read, an answer, a closed
// socket), and "promptly" is shown by order: the idle connection closes while another request
// is still being served, which a cut-off at the end of the grace period could not do.
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

tcp::socket connect_to(asio::io_context& ioc, uint16_t port) {
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    return socket;
}

// A kept-alive connection that has been answered once and now waits for its next request.
tcp::socket idle_keep_alive_connection(asio::io_context& ioc, uint16_t port) {
    auto socket = connect_to(ioc, port);
    asio::write(socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::string answer;
    char chunk[4096];
    while (answer.find("\r\n\r\nok\n") == std::string::npos) {
        size_t n = socket.read_some(asio::buffer(chunk));
        answer.append(chunk, n);
    }
    return socket;
}

// A connection whose request has begun to arrive (and been read by the server) but not ended.
tcp::socket request_under_way(asio::io_context& ioc, uint16_t port) {
    auto socket = connect_to(ioc, port);
    asio::write(socket, asio::buffer(std::string("GET /about HTTP/1.1\r\n")));
    wait_until_server_has_read(socket.native_handle());
    return socket;
}

// Everything the server sends until it closes the connection.
std::string read_until_closed(tcp::socket& socket) {
    std::string answer;
    boost::system::error_code ec;
    char chunk[4096];
    while (!ec) {
        size_t n = socket.read_some(asio::buffer(chunk), ec);
        answer.append(chunk, n);
    }
    return answer;
}

std::string finish_request(tcp::socket& socket) {
    asio::write(socket, asio::buffer(std::string("Host: x\r\n\r\n")));
    return read_until_closed(socket);
}

}  // namespace

TEST(ServerShutdown, ClosesAnIdleKeepAliveConnectionWhileRequestsUnderWayFinish) {
    RunningServer server;
    asio::io_context ioc;
    auto busy = request_under_way(ioc, server.port);
    auto idle = idle_keep_alive_connection(ioc, server.port);
    std::thread stopper([&] { server.stop(); });
    // The idle connection is closed with nothing more said, while `busy` is still open...
    EXPECT_EQ(read_until_closed(idle), "");
    // ...and the listener is closed: a new connection is refused or closed at once.
    boost::system::error_code ec;
    tcp::socket late(ioc);
    late.connect({asio::ip::make_address("127.0.0.1"), server.port}, ec);
    if (!ec) {
        char byte;
        late.read_some(asio::buffer(&byte, 1), ec);
        EXPECT_TRUE(ec);
    }
    // Only then does the busy request end, and it is still answered.
    auto answer = finish_request(busy);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer.substr(0, 60);
    stopper.join();
}

TEST(ServerShutdown, FinishesARequestAlreadyUnderWay) {
    RunningServer server;
    // Half a request, read by the server; stop; then the rest: the answer still arrives.
    asio::io_context ioc;
    auto socket = request_under_way(ioc, server.port);
    // An idle connection closing tells us the shutdown has begun.
    auto idle = idle_keep_alive_connection(ioc, server.port);
    std::thread stopper([&] { server.stop(); });
    read_until_closed(idle);
    auto answer = finish_request(socket);
    stopper.join();
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer.substr(0, 60);
}

}  // namespace cbe::testing
