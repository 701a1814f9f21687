// Live updates (issue 11): a route answering with an event topic holds the connection as a
// Server-Sent Events stream — the current version at once, the newest after every publish
// (coalesced), a heartbeat when quiet — capped per process and ended by the client's close or
// the server's stop, always unsubscribing.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "content/loader.hpp"
#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/running_server.hpp"
#include "service/notifier.hpp"
#include "web/metrics.hpp"
#include "web/server.hpp"
#include "web/site.hpp"

namespace cbe::testing {

namespace {

// The in-process notifier, counting live subscriptions so a test can wait for them to go.
class CountingNotifier : public service::InProcessNotifier {
  public:
    uint64_t subscribe(const std::string& topic, Listener listener) override {
        uint64_t id = InProcessNotifier::subscribe(topic, std::move(listener));
        std::lock_guard lock(mutex_);
        ++active_;
        changed_.notify_all();
        return id;
    }
    void unsubscribe(uint64_t id) override {
        InProcessNotifier::unsubscribe(id);
        std::lock_guard lock(mutex_);
        --active_;
        changed_.notify_all();
    }
    void wait_until_active(int n) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return active_ == n; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int active_ = 0;
};

// A blocking client connection. Reads give up after 60 s, so a failing test ends instead of
// hanging; no test passes or fails by time.
class StreamClient {
  public:
    // `from`: the loopback address the connection comes from.
    explicit StreamClient(uint16_t port, const char* from = "127.0.0.1")
        : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
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
    ~StreamClient() { close_now(); }
    StreamClient(const StreamClient&) = delete;
    StreamClient& operator=(const StreamClient&) = delete;
    bool connected() const { return connected_; }

    bool send_request(const std::string& method = "GET", const std::string& target = "/test/stream",
                      const std::string& cookie = "") {
        std::string request = method + " " + target +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Accept: text/event-stream\r\n" +
                              (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
        return ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(request.size());
    }
    // The status line and headers, up to the blank line; empty when the server closed first.
    std::string read_head() { return read_until("\r\n\r\n"); }
    // One event-stream block (an event, a comment or the retry field) without its blank line.
    std::string read_block() { return read_until("\n\n"); }
    // Reads until the server closes; true on an orderly end of stream.
    bool read_to_end() {
        for (;;) {
            std::array<char, 4096> chunk{};
            ssize_t n = recv(fd_, chunk.data(), chunk.size(), 0);
            if (n == 0) return true;
            if (n < 0) return false;
        }
    }
    void close_now() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }

  private:
    std::string read_until(const std::string& end) {
        for (;;) {
            if (auto at = pending_.find(end); at != std::string::npos) {
                std::string out = pending_.substr(0, at);
                pending_.erase(0, at + end.size());
                return out;
            }
            std::array<char, 4096> chunk{};
            ssize_t n = recv(fd_, chunk.data(), chunk.size(), 0);
            if (n <= 0) return "";
            pending_.append(chunk.data(), static_cast<size_t>(n));
        }
    }

    int fd_;
    bool connected_ = false;
    std::string pending_;
};

// The version an event block carries, or -1 when the block is not a version event.
long long version_of(const std::string& block) {
    static const std::regex kEvent("event: version\ndata: \\{\"version\":(-?[0-9]+)\\}");
    std::smatch m;
    return std::regex_match(block, m, kEvent) ? std::stoll(m[1]) : -1;
}

// The next version a stream sends (heartbeats skipped), or -1 when it ends first.
long long next_version(StreamClient& client) {
    for (;;) {
        std::string block = client.read_block();
        if (block.empty()) return -1;
        if (long long version = version_of(block); version >= 0) return version;
    }
}

bool has_header(const std::string& head, const std::string& line) {
    return (head + "\r\n").find("\r\n" + line + "\r\n") != std::string::npos;
}

class EventStreamTest : public ::testing::Test {
  protected:
    void start(size_t max_streams = 100) {
        ServeConfig config = config_for_tests();
        config.max_event_streams = max_streams;
        start(config);
    }
    // The test route's stream is of topic "t" held by no one, unless ?topic= and ?holder= say.
    void start(ServeConfig config) {
        config.event_heartbeat_seconds = 1;
        auto loaded = content::load_content(config.content_dir);
        ASSERT_TRUE(loaded.problems.empty());
        auto site = web::Site::create(config, loaded.roadmap);
        ASSERT_TRUE(site) << site.error().message;
        (*site)->router().get("/test/stream", [this](web::Request& request) {
            web::Response response;
            response.event_topic = request.query_value("topic");
            if (response.event_topic.empty()) response.event_topic = "t";
            response.event_holder = request.query_value("holder");
            response.event_version = version_.load();
            return response;
        });
        (*site)->router().get("/test/ping", [](web::Request&) {
            web::Response response;
            response.set_body("pong");
            return response;
        });
        server_ = std::make_unique<web::Server>(config, *site, metrics_, notifier_);
        port_ = server_->listen().value();
        thread_ = std::thread([this] { server_->run(false); });
    }
    void TearDown() override { stop(); }
    void stop() {
        if (!thread_.joinable()) return;
        server_->stop();
        thread_.join();
    }
    // Opens a stream and reads its head and opening blocks; returns the head.
    std::string open(StreamClient& client, const std::string& target = "/test/stream") {
        EXPECT_TRUE(client.connected());
        EXPECT_TRUE(client.send_request("GET", target));
        std::string head = client.read_head();
        EXPECT_EQ(client.read_block(), "retry: 3000");
        EXPECT_EQ(version_of(client.read_block()), version_.load());
        return head;
    }
    int64_t open_streams_metric() const { return metric("roadmap_open_event_streams"); }
    int64_t metric(const std::string& name) const {
        std::regex line("\n" + name + " (-?[0-9]+)\n");
        std::string text = metrics_->render({});
        std::smatch m;
        return std::regex_search(text, m, line) ? std::stoll(m[1]) : -1;
    }
    void publish(long long version) {
        version_ = version;
        notifier_->publish("t", version);
    }

    std::shared_ptr<web::Metrics> metrics_ = std::make_shared<web::Metrics>();
    std::shared_ptr<CountingNotifier> notifier_ = std::make_shared<CountingNotifier>();
    std::atomic<long long> version_{1};
    std::unique_ptr<web::Server> server_;
    std::thread thread_;
    uint16_t port_ = 0;
};

}  // namespace

TEST_F(EventStreamTest, OpensWithAnEventStreamHeadAndTheCurrentVersion) {
    start();
    StreamClient client(port_);
    std::string head = open(client);
    EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0U) << head;
    EXPECT_TRUE(has_header(head, "Content-Type: text/event-stream; charset=utf-8")) << head;
    EXPECT_TRUE(has_header(head, "Cache-Control: no-store")) << head;
    EXPECT_TRUE(has_header(head, "X-Accel-Buffering: no")) << head;
    EXPECT_TRUE(has_header(head, "Connection: close")) << head;
    EXPECT_TRUE(has_header(head, "X-Content-Type-Options: nosniff")) << head;
    EXPECT_NE(head.find("\r\nContent-Security-Policy: "), std::string::npos) << head;
    // The body ends when the connection does: no length, no chunking.
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
    EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
}

TEST_F(EventStreamTest, SendsTheNewestVersionAfterPublishes) {
    start();
    StreamClient client(port_);
    open(client);
    notifier_->wait_until_active(1);
    for (long long v = 2; v <= 5; ++v) publish(v);
    // Versions may be coalesced (a slow reader skips some), never repeated or reordered.
    long long last = 1;
    while (last != 5) {
        std::string block = client.read_block();
        ASSERT_FALSE(block.empty()) << "the stream ended early";
        long long version = version_of(block);
        if (version < 0) continue;  // a heartbeat
        EXPECT_GT(version, last);
        last = version;
    }
}

TEST_F(EventStreamTest, SendsAHeartbeatWhenQuiet) {
    start();
    StreamClient client(port_);
    open(client);
    EXPECT_EQ(client.read_block(), ": keep-alive");
}

TEST_F(EventStreamTest, ClientCloseUnsubscribesAndCountsTheStreamOut) {
    start();
    StreamClient client(port_);
    open(client);
    notifier_->wait_until_active(1);
    EXPECT_EQ(open_streams_metric(), 1);
    client.close_now();
    notifier_->wait_until_active(0);
    // The server counts the stream out before it unsubscribes.
    EXPECT_EQ(open_streams_metric(), 0);
}

TEST_F(EventStreamTest, PastTheCapAStreamIsAnswered503) {
    start(2);
    StreamClient first(port_), second(port_);
    open(first);
    open(second);
    auto refused = http_get(port_, "/test/stream");
    EXPECT_EQ(refused.status, 503);
    EXPECT_FALSE(refused.headers["retry-after"].empty());
    EXPECT_EQ(refused.headers["content-type"], "text/plain; charset=utf-8");
    EXPECT_FALSE(refused.body.empty());
    // A place frees when a stream ends.
    first.close_now();
    notifier_->wait_until_active(1);
    StreamClient third(port_);
    open(third);
}

TEST_F(EventStreamTest, StopEndsOpenStreamsAndReturns) {
    start();
    StreamClient client(port_);
    open(client);
    stop();
    EXPECT_TRUE(client.read_to_end());
    notifier_->wait_until_active(0);
    EXPECT_EQ(open_streams_metric(), 0);
}

TEST_F(EventStreamTest, HeadAnswersTheStreamHeadOnly) {
    start();
    StreamClient client(port_);
    ASSERT_TRUE(client.send_request("HEAD"));
    std::string head = client.read_head();
    EXPECT_TRUE(has_header(head, "Content-Type: text/event-stream; charset=utf-8")) << head;
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
    EXPECT_TRUE(client.read_to_end());
    notifier_->wait_until_active(0);
}

// Issue 20, item 1: one participant link opened 2,048 streams from 36 addresses and took every
// connection. A holder keeps two streams: each newer one ends the holder's oldest.
TEST_F(EventStreamTest, AHolderKeepsTwoStreamsANewerOneEndsItsOldest) {
    start();
    std::vector<std::unique_ptr<StreamClient>> streams;
    const std::vector<const char*> addresses = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
    for (size_t i = 0; i < 6; ++i) {
        streams.push_back(std::make_unique<StreamClient>(port_, addresses[i % addresses.size()]));
        open(*streams.back(), "/test/stream?holder=p1");
    }
    for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(streams[i]->read_to_end()) << "stream " << i;
    notifier_->wait_until_active(2);
    EXPECT_EQ(open_streams_metric(), 2);
    EXPECT_EQ(metric("roadmap_event_streams_replaced_total"), 4);
    // The two newest still follow the topic; another holder is not touched.
    StreamClient other(port_);
    open(other, "/test/stream?holder=p2");
    notifier_->wait_until_active(3);
    publish(2);
    EXPECT_EQ(next_version(*streams[4]), 2);
    EXPECT_EQ(next_version(*streams[5]), 2);
    EXPECT_EQ(next_version(other), 2);
}

TEST_F(EventStreamTest, StreamsOfOneSessionAreCappedAndOthersStillOpen) {
    ServeConfig config = config_for_tests();
    config.max_event_streams_per_session = 2;
    start(config);
    StreamClient first(port_), second(port_);
    open(first, "/test/stream?topic=session:1&holder=a");
    open(second, "/test/stream?topic=session:1&holder=b");
    EXPECT_EQ(stream_status(port_, "/test/stream?topic=session:1&holder=c", ""), 503);
    StreamClient elsewhere(port_);
    open(elsewhere, "/test/stream?topic=session:2&holder=c");
    EXPECT_EQ(metric("roadmap_event_streams_refused_total"), 1);
    // A place frees when a stream of the session ends.
    first.close_now();
    notifier_->wait_until_active(2);
    StreamClient third(port_);
    open(third, "/test/stream?topic=session:1&holder=c");
}

TEST_F(EventStreamTest, StreamsOfOneAddressAreCappedAndOtherAddressesStillOpen) {
    ServeConfig config = config_for_tests();
    config.max_event_streams_per_address = 2;
    start(config);
    StreamClient first(port_, "127.0.0.5"), second(port_, "127.0.0.5");
    open(first, "/test/stream?holder=a");
    open(second, "/test/stream?holder=b");
    StreamClient third(port_, "127.0.0.5");
    ASSERT_TRUE(third.send_request("GET", "/test/stream?holder=c"));
    EXPECT_EQ(third.read_head().rfind("HTTP/1.1 503 ", 0), 0U);
    StreamClient neighbour(port_, "127.0.0.6");
    open(neighbour, "/test/stream?holder=d");
    notifier_->wait_until_active(3);
}

// Streams have their own budget below the connection cap: at most 3/4 of max_connections,
// whatever max_event_streams says, so requests from anyone are still answered.
TEST_F(EventStreamTest, StreamsLeaveAQuarterOfTheConnectionsToRequests) {
    ServeConfig config = config_for_tests();
    config.max_connections = 8;  // streams: 6
    config.max_event_streams = 100;
    start(config);
    std::vector<std::unique_ptr<StreamClient>> streams;
    for (int i = 0; i < 6; ++i) {
        streams.push_back(std::make_unique<StreamClient>(port_, i % 2 ? "127.0.0.7" : "127.0.0.8"));
        open(*streams.back(), "/test/stream?holder=h" + std::to_string(i));
    }
    StreamClient refused(port_, "127.0.0.9");
    ASSERT_TRUE(refused.send_request("GET", "/test/stream?holder=h6"));
    EXPECT_EQ(refused.read_head().rfind("HTTP/1.1 503 ", 0), 0U);
    EXPECT_EQ(http_get(port_, "/test/ping").status, 200);
    EXPECT_EQ(open_streams_metric(), 6);
}

// What a closing team session does (TeamSessionService::close and remove end the topic): the
// streams send the last version, then end; one opened as it ended ends too.
TEST_F(EventStreamTest, AnEndedTopicEndsItsStreamsAfterTheLastVersion) {
    start();
    StreamClient client(port_);
    open(client);
    notifier_->wait_until_active(1);
    publish(2);
    notifier_->end("t");
    EXPECT_EQ(next_version(client), 2);
    EXPECT_TRUE(client.read_to_end());
    notifier_->wait_until_active(0);
    StreamClient late(port_);
    open(late);
    EXPECT_TRUE(late.read_to_end());
    notifier_->wait_until_active(0);
    EXPECT_EQ(open_streams_metric(), 0);
}

namespace {

// A team session with a facilitator's board and a participant, on the real server.
struct LiveSession {
    explicit LiveSession(RunningServer& server)
        : facilitator(server.port), participant(server.port) {
        long long org = make_organization(server);
        sign_up_member(server, facilitator, "fay", org, access::Role::kFacilitator);
        board =
            "/sessions/" +
            std::to_string(session_id(open_session(facilitator, org_path(org), "Spring+review")));
        auto joined = join_session(participant, join_code(facilitator, board));
        EXPECT_EQ(joined.status, 303);
        link = joined.headers["location"];
    }
    Client facilitator;
    Client participant;
    std::string board;
    std::string link;  // "/p/<token>"
};

// Opens `target` as a stream and reads up to its first version; returns that version (-1: none).
long long open_stream(StreamClient& client, const std::string& target,
                      const std::string& cookie = "") {
    EXPECT_TRUE(client.send_request("GET", target, cookie));
    std::string head = client.read_head();
    EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0U) << target << "\n" << head;
    return next_version(client);
}

}  // namespace

// Issue 20, item 1: the streams of a closed or deleted session end, and do not open again.
TEST(LiveSessionStreams, ClosingASessionEndsItsStreamsAndNoneOpensAgain) {
    RunningServer server;
    LiveSession live(server);
    StreamClient participant(server.port), board(server.port);
    long long opened = open_stream(participant, live.link + "/events");
    ASSERT_GT(opened, 0);
    ASSERT_EQ(open_stream(board, live.board + "/events", live.facilitator.cookie_header()), opened);
    close_session(live.facilitator, live.board);
    EXPECT_GT(next_version(participant), opened);  // the close, which the page then shows
    EXPECT_GT(next_version(board), opened);
    EXPECT_TRUE(participant.read_to_end());
    EXPECT_TRUE(board.read_to_end());
    // The browser's reconnection is told to stop (204), the page still opens.
    EXPECT_EQ(stream_status(server.port, live.link + "/events", ""), 204);
    EXPECT_EQ(stream_status(server.port, live.board + "/events", live.facilitator.cookie_header()),
              204);
    EXPECT_EQ(live.participant.get(live.link).status, 200);
}

TEST(LiveSessionStreams, DeletingASessionEndsItsStreams) {
    RunningServer server;
    LiveSession live(server);
    StreamClient participant(server.port);
    long long opened = open_stream(participant, live.link + "/events");
    ASSERT_GT(opened, 0);
    live.facilitator.get(live.board);
    EXPECT_EQ(post_form(live.facilitator, live.board + "/delete").status, 303);
    EXPECT_GT(next_version(participant), opened);
    EXPECT_TRUE(participant.read_to_end());
    EXPECT_EQ(stream_status(server.port, live.link + "/events", ""), 404);
}

// Issue 20, item 13: a session the housekeeping closes for being open too long ends its streams
// as a facilitator's close does.
TEST(LiveSessionStreams, ASessionClosedForBeingOpenTooLongEndsItsStreams) {
    FrozenClock frozen;
    RunningServer server(config_for_tests(), frozen.clock());
    ASSERT_TRUE(server.housekeeping);
    LiveSession live(server);
    StreamClient participant(server.port);
    long long opened = open_stream(participant, live.link + "/events");
    ASSERT_GT(opened, 0);
    frozen.offset = 31LL * 24 * 3600;  // past the 30 days a session may stay open
    EXPECT_TRUE(server.housekeeping->run(std::chrono::hours(0)));
    EXPECT_GT(next_version(participant), opened);  // the close, which the page then shows
    EXPECT_TRUE(participant.read_to_end());
    EXPECT_EQ(stream_status(server.port, live.link + "/events", ""), 204);
}

// The report's flood, bounded: one participant link opens 40 streams from 8 addresses. It keeps
// two, the rest end, and a request from a new address is answered.
TEST(LiveSessionStreams, OneParticipantLinkHoldsTwoStreamsHoweverManyItOpens) {
    RunningServer server;
    LiveSession live(server);
    std::vector<std::unique_ptr<StreamClient>> streams;
    for (int i = 0; i < 40; ++i) {
        std::string from = "127.0.1." + std::to_string(1 + i % 8);
        streams.push_back(std::make_unique<StreamClient>(server.port, from.c_str()));
        ASSERT_GT(open_stream(*streams.back(), live.link + "/events"), 0) << i;
    }
    for (int i = 0; i < 38; ++i) EXPECT_TRUE(streams[i]->read_to_end()) << "stream " << i;
    auto metrics = http_get(server.port, "/metrics").body;
    EXPECT_NE(metrics.find("\nroadmap_open_event_streams 2\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("\nroadmap_event_streams_replaced_total 38\n"), std::string::npos);
    StreamClient newcomer(server.port, "127.0.2.1");
    ASSERT_TRUE(newcomer.send_request("GET", "/healthz"));
    EXPECT_EQ(newcomer.read_head().rfind("HTTP/1.1 200 OK\r\n", 0), 0U);
}

}  // namespace cbe::testing
