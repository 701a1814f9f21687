// Request smuggling (issue 20, item 2): a request whose length is not beyond doubt is answered
// 400 and its connection closed (RFC 9112 section 6.3), so bytes a proxy in front took for its
// body can never run here as a second request. Each case sends a POST whose body is itself a
// request for /healthz, then reads until the server closes: exactly one answer, a 400.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

namespace {

constexpr const char* kSmuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

// The status lines of every answer on one connection, in order.
std::vector<std::string> answers_to(uint16_t port, const std::string& bytes) {
    std::string all = raw_exchange(port, bytes);
    std::vector<std::string> statuses;
    for (size_t at = all.find("HTTP/1."); at != std::string::npos;
         at = all.find("HTTP/1.", at + 1)) {
        // Only at the start of a line: a body may mention "HTTP/1." too.
        if (at == 0 || all[at - 1] == '\n') {
            statuses.push_back(all.substr(at, all.find("\r\n", at) - at));
        }
    }
    return statuses;
}

std::string post_with(const std::string& framing, const std::string& version = "HTTP/1.1") {
    return "POST /sign-in " + version + "\r\nHost: x\r\n" + framing + "\r\n" + kSmuggled;
}

bool closes_after_answering(const std::string& all) {
    return all.find("\r\nConnection: close\r\n") != std::string::npos;
}

}  // namespace

TEST(RequestFraming, ATransferCodingTheServerDoesNotKnowIsRefusedAndItsBodyNeverRuns) {
    RunningServer server(config_for_tests());
    for (const char* coding : {"gzip", "identity", "chunked, identity", "gzip, chunked", "deflate",
                               "chunked;q=1", "x-custom", ", chunked"}) {
        std::string request = post_with("Transfer-Encoding: " + std::string(coding) + "\r\n");
        EXPECT_EQ(answers_to(server.port, request),
                  std::vector<std::string>{"HTTP/1.1 400 Bad Request"})
            << coding;
        EXPECT_TRUE(closes_after_answering(raw_exchange(server.port, request))) << coding;
    }
}

TEST(RequestFraming, TransferEncodingWithContentLengthOrTwiceOrInHttp10IsRefused) {
    RunningServer server(config_for_tests());
    const std::string length = "Content-Length: " + std::to_string(std::string(kSmuggled).size());
    for (const std::string& framing : std::vector<std::string>{
             "Transfer-Encoding: gzip\r\n" + length + "\r\n",
             length + "\r\nTransfer-Encoding: gzip\r\n",
             "Transfer-Encoding: chunked\r\n" + length + "\r\n",
             length + "\r\nTransfer-Encoding: chunked\r\n",
             "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
             "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
         }) {
        EXPECT_EQ(answers_to(server.port, post_with(framing)),
                  std::vector<std::string>{"HTTP/1.1 400 Bad Request"})
            << framing;
    }
    // RFC 9112 section 6.1: HTTP/1.0 has no transfer codings; its framing is faulty.
    EXPECT_EQ(answers_to(server.port, post_with("Transfer-Encoding: chunked\r\n", "HTTP/1.0")),
              std::vector<std::string>{"HTTP/1.1 400 Bad Request"});
}

TEST(RequestFraming, AContentLengthSentTwiceOrAsAListIsRefused) {
    RunningServer server(config_for_tests());
    const std::string n = std::to_string(std::string(kSmuggled).size());
    auto length = [](const std::string& value) {
        return std::string("Content-Length: ").append(value).append("\r\n");
    };
    for (const std::string& framing : std::vector<std::string>{
             length(n).append(length(n)),
             length(std::string(n).append(", ").append(n)),
             length("0").append(length(n)),
             length("+" + n),
             length(""),
         }) {
        EXPECT_EQ(answers_to(server.port, post_with(framing)),
                  std::vector<std::string>{"HTTP/1.1 400 Bad Request"})
            << framing;
    }
}

TEST(RequestFraming, AFoldedHeaderLineIsRefused) {
    RunningServer server(config_for_tests());
    for (const char* framing : {"Transfer-Encoding:\r\n chunked\r\n", "X-Note: a\r\n\tb\r\n",
                                "Content-Length: 0\r\n  \r\n"}) {
        EXPECT_EQ(answers_to(server.port, post_with(framing)),
                  std::vector<std::string>{"HTTP/1.1 400 Bad Request"})
            << framing;
    }
    // Whitespace before the first field (RFC 9112 section 2.2) too.
    EXPECT_EQ(answers_to(server.port, "GET /healthz HTTP/1.1\r\n Host: x\r\n\r\n"),
              std::vector<std::string>{"HTTP/1.1 400 Bad Request"});
}

TEST(RequestFraming, SoundFramingIsStillServedAndKeptAlive) {
    RunningServer server(config_for_tests());
    // A chunked body (the coding's name in any case), then a pipelined request: two answers.
    std::string chunked =
        "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
        "3\r\nabc\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    auto answers = answers_to(server.port, chunked);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[1], "HTTP/1.1 200 OK");
    // One Content-Length, then the next request on the same connection.
    EXPECT_EQ(answers_to(server.port,
                         "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                         "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
              (std::vector<std::string>{"HTTP/1.1 200 OK", "HTTP/1.1 200 OK"}));
}

// Trailer fields of a chunked body are dropped, never taken for header fields: a trailing Host
// would otherwise make two, after the header was checked.
TEST(RequestFraming, TrailerFieldsAreNotTakenForHeaderFields) {
    RunningServer server(config_for_tests());
    EXPECT_EQ(answers_to(server.port,
                         "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                         "Connection: close\r\n\r\n3\r\nabc\r\n0\r\nHost: y\r\n\r\n"),
              std::vector<std::string>{"HTTP/1.1 200 OK"});
}

}  // namespace cbe::testing
