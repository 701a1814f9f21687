#include "integration/http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

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
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    http::read(socket, buffer, parser);
    const auto& res = parser.get();
    HttpResult result;
    result.status = res.result_int();
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

std::vector<int> keep_alive_gets(uint16_t port, const std::vector<std::string>& targets) {
    asio::io_context ioc;
    auto socket = connect(ioc, port);
    beast::flat_buffer buffer;
    std::vector<int> statuses;
    for (const auto& target : targets) {
        statuses.push_back(exchange(socket, buffer, "GET", target, {}, "", true).status);
    }
    return statuses;
}

}  // namespace cbe::testing
