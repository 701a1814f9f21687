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
#include <condition_variable>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "content/loader.hpp"
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
    explicit StreamClient(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        timeval patience{60, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
        sockaddr_in server{};
        server.sin_family = AF_INET;
        server.sin_port = htons(port);
        inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0;
    }
    ~StreamClient() { close_now(); }
    StreamClient(const StreamClient&) = delete;
    StreamClient& operator=(const StreamClient&) = delete;
    bool connected() const { return connected_; }

    bool send_request(const std::string& method = "GET") {
        std::string request = method +
                              " /test/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Accept: text/event-stream\r\n\r\n";
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

bool has_header(const std::string& head, const std::string& line) {
    return (head + "\r\n").find("\r\n" + line + "\r\n") != std::string::npos;
}

class EventStreamTest : public ::testing::Test {
  protected:
    void start(size_t max_streams = 100) {
        ServeConfig config = config_for_tests();
        config.event_heartbeat_seconds = 1;
        config.max_event_streams = max_streams;
        auto loaded = content::load_content(config.content_dir);
        ASSERT_TRUE(loaded.problems.empty());
        auto site = web::Site::create(config, loaded.roadmap);
        ASSERT_TRUE(site) << site.error().message;
        (*site)->router().get("/test/stream", [this](web::Request&) {
            web::Response response;
            response.event_topic = "t";
            response.event_version = version_.load();
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
    std::string open(StreamClient& client) {
        EXPECT_TRUE(client.connected());
        EXPECT_TRUE(client.send_request());
        std::string head = client.read_head();
        EXPECT_EQ(client.read_block(), "retry: 3000");
        EXPECT_EQ(version_of(client.read_block()), version_.load());
        return head;
    }
    int64_t open_streams_metric() const {
        static const std::regex kGauge("\nroadmap_open_event_streams (-?[0-9]+)\n");
        std::string text = metrics_->render({});
        std::smatch m;
        return std::regex_search(text, m, kGauge) ? std::stoll(m[1]) : -1;
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

}  // namespace cbe::testing
