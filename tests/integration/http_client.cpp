#include "integration/http_client.hpp"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <thread>

namespace cbe::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

tcp::socket connect(asio::io_context& ioc, uint16_t port) {
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    return socket;
}

HttpResult exchange(tcp::socket& socket, beast::flat_buffer& buffer, const std::string& method,
                    const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& body, bool keep_alive) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    req.keep_alive(keep_alive);
    http::write(socket, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::uint64_t{64} * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    http::read(socket, buffer, parser);
    const auto& res = parser.get();
    HttpResult result;
    result.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        result.headers[name] = std::string(field.value());
        if (name == "set-cookie") result.set_cookies.emplace_back(field.value());
    }
    result.body = res.body();
    return result;
}

}  // namespace

HttpResult http_request(uint16_t port, const std::string& method, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& body) {
    asio::io_context ioc;
    auto socket = connect(ioc, port);
    beast::flat_buffer buffer;
    return exchange(socket, buffer, method, target, headers, body, false);
}

std::string raw_exchange(uint16_t port, const std::string& bytes) {
    asio::io_context ioc;
    auto socket = connect(ioc, port);
    asio::write(socket, asio::buffer(bytes));
    std::string answer;
    beast::error_code ec;
    char chunk[4096];
    while (true) {
        size_t n = socket.read_some(asio::buffer(chunk), ec);
        if (ec) break;
        answer.append(chunk, n);
    }
    return answer;
}

int stream_status(uint16_t port, const std::string& target, const std::string& cookie) {
    asio::io_context ioc;
    auto socket = connect(ioc, port);
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!cookie.empty()) request += "Cookie: " + cookie + "\r\n";
    request += "\r\n";
    asio::write(socket, asio::buffer(request));
    std::string line;
    char c = 0;
    beast::error_code ec;
    while (line.size() < 200 && socket.read_some(asio::buffer(&c, 1), ec) == 1 && c != '\n') {
        line += c;
    }
    // "HTTP/1.1 200 OK"
    return line.size() >= 12 ? std::stoi(line.substr(9, 3)) : 0;
}

std::vector<int> keep_alive_gets(uint16_t port, const std::vector<std::string>& targets) {
    asio::io_context ioc;
    auto socket = connect(ioc, port);
    beast::flat_buffer buffer;
    std::vector<int> statuses;
    statuses.reserve(targets.size());
    for (const auto& target : targets) {
        statuses.push_back(exchange(socket, buffer, "GET", target, {}, "", true).status);
    }
    return statuses;
}

namespace {

// The local and remote ports of a connected TCP socket (0, 0 when `fd` is not one).
std::pair<uint16_t, uint16_t> ports_of(int fd) {
    auto port = [](const sockaddr_storage& address) -> uint16_t {
        if (address.ss_family == AF_INET)
            return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
        if (address.ss_family == AF_INET6)
            return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
        return 0;
    };
    sockaddr_storage local{}, remote{};
    socklen_t local_size = sizeof local, remote_size = sizeof remote;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_size) != 0)
        return {0, 0};
    return {port(local), port(remote)};
}

// This process's descriptor for the other end of the loopback connection `client_fd`, or -1
// (not accepted yet).
int server_end_of(int client_fd) {
    auto [client_port, server_port] = ports_of(client_fd);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = std::stoi(entry.path().filename().string());
        if (fd == client_fd) continue;
        auto [local, remote] = ports_of(fd);
        if (local == server_port && remote == client_port) return fd;
    }
    return -1;
}

}  // namespace

void wait_until_server_has_read(int client_fd) {
    for (;;) {
        // Acknowledged bytes sit in the server's receive queue until its read takes them; the
        // check of the client's end comes first, so an empty queue after it means they were read.
        int unacknowledged = 0;
        if (ioctl(client_fd, SIOCOUTQ, &unacknowledged) == 0 && unacknowledged == 0) {
            int server_fd = server_end_of(client_fd);
            int unread = 0;
            if (server_fd >= 0 && ioctl(server_fd, FIONREAD, &unread) == 0 && unread == 0) return;
        }
        std::this_thread::yield();
    }
}

}  // namespace cbe::testing
