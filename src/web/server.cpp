#include "web/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "web/site.hpp"

namespace cbe::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kShutdownGrace = std::chrono::seconds(5);

namespace {

// What shutdown needs to know about a live connection.
struct Connection {
    beast::tcp_stream* stream = nullptr;
    http::request_parser<http::string_body>* parser = nullptr;  // of the request being read
    bool idle = true;  // waiting for the next request (safe to close if nothing has arrived)
};

Method method_of(http::verb verb) {
    switch (verb) {
        case http::verb::get:
            return Method::kGet;
        case http::verb::head:
            return Method::kHead;
        case http::verb::post:
            return Method::kPost;
        default:
            return Method::kOther;
    }
}

const char* method_name(Method method) {
    switch (method) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        default:
            return "OTHER";
    }
}

}  // namespace

struct Server::Impl {
    ServeConfig config;
    std::shared_ptr<const Site> site;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::atomic<size_t> connections{0};
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::set<std::shared_ptr<Connection>> live;
    // Shutdown state lives on one strand: the signal set and the grace-period timer.
    asio::strand<asio::io_context::executor_type> control{ioc.get_executor()};
    asio::signal_set signals{control};
    asio::steady_timer grace{control};

    Impl(ServeConfig c, std::shared_ptr<const Site> s)
        : config(std::move(c)), site(std::move(s)), ioc(config.threads) {}

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> session(tcp::socket socket);
    asio::awaitable<bool> answer(beast::tcp_stream& stream,
                                 http::request_parser<http::string_body>& parser);
    asio::awaitable<void> send_error(beast::tcp_stream& stream, int status, const char* text);
    asio::awaitable<void> linger(beast::tcp_stream& stream);
    void begin_shutdown();
    void connection_closed();
};

asio::awaitable<void> Server::Impl::accept_loop() {
    while (!stopping) {
        auto strand = asio::make_strand(ioc);
        auto [ec, socket] = co_await acceptor.async_accept(strand, kTuple);
        if (ec) {
            if (stopping || ec == asio::error::operation_aborted) co_return;
            spdlog::warn("accept failed: {}", ec.message());
            asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
            co_await pause.async_wait(kTuple);  // e.g. out of file descriptors: back off
            continue;
        }
        if (connections >= config.max_connections) {
            beast::error_code ignored;
            socket.close(ignored);  // over the cap: refuse rather than starve everyone
            continue;
        }
        ++connections;
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(strand, session(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> Server::Impl::send_error(beast::tcp_stream& stream, int status,
                                               const char* text) {
    Response response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.set_body(text);
    add_security_headers(response);
    http::response<http::string_body> res{static_cast<http::status>(status), 11};
    for (const auto& [name, value] : response.headers) res.set(name, value);
    res.set(http::field::content_type, response.content_type);
    res.set(http::field::connection, "close");
    res.body() = *response.body;
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(config.header_timeout_seconds));
    co_await http::async_write(stream, res, kTuple);
}

// After an error answer the client may still be sending: read and drop what comes for a moment
// before closing, or the kernel resets the connection and the client never sees the answer.
asio::awaitable<void> Server::Impl::linger(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(1));
    char sink[16 * 1024];
    for (size_t total = 0; total < 4 * 1024 * 1024;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
        if (ec) break;
        total += n;
    }
}

asio::awaitable<void> Server::Impl::session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(config.max_header_bytes + 1024);
    auto connection = std::make_shared<Connection>();
    connection->stream = &stream;
    {
        std::lock_guard lock(mutex);
        live.insert(connection);
    }
    bool first = true;
    while (!stopping) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
        parser.body_limit(config.max_body_bytes);
        connection->idle = true;
        connection->parser = &parser;
        stream.expires_after(std::chrono::seconds(first ? config.header_timeout_seconds
                                                        : config.idle_timeout_seconds));
        auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
        connection->idle = false;
        if (ec == http::error::header_limit) {
            co_await send_error(stream, 431, "Request header fields too large\n");
            co_await linger(stream);
            break;
        }
        if (ec == http::error::body_limit) {  // a Content-Length over the limit
            co_await send_error(stream, 413, "Request body too large\n");
            co_await linger(stream);
            break;
        }
        if (ec) break;  // closed, timed out, or cancelled by shutdown
        stream.expires_after(std::chrono::seconds(config.header_timeout_seconds));
        auto [ec_body, m] = co_await http::async_read(stream, buffer, parser, kTuple);
        if (ec_body == http::error::body_limit) {
            co_await send_error(stream, 413, "Request body too large\n");
            co_await linger(stream);
            break;
        }
        if (ec_body) {
            if (ec_body != beast::error::timeout && ec_body != http::error::end_of_stream) {
                co_await send_error(stream, 400, "Malformed request\n");
                co_await linger(stream);
            }
            break;
        }
        if (!co_await answer(stream, parser)) break;
        first = false;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    {
        std::lock_guard lock(mutex);
        live.erase(connection);
    }
    connection_closed();
}

void Server::Impl::connection_closed() {
    if (--connections == 0 && stopping) {
        // The last connection is done: nothing to wait for, so end the grace period now.
        asio::post(control, [this] { grace.cancel(); });
    }
}

asio::awaitable<bool> Server::Impl::answer(beast::tcp_stream& stream,
                                           http::request_parser<http::string_body>& parser) {
    auto started = std::chrono::steady_clock::now();
    auto& req = parser.get();
    Request request;
    request.method = method_of(req.method());
    Response response;
    if (!parse_target(req.target(), request)) {
        response.status = 400;
        response.content_type = "text/plain; charset=utf-8";
        response.set_body("Malformed request target\n");
        add_security_headers(response);
    } else {
        for (const auto& field : req) {
            std::string name(field.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        request.body = std::move(req.body());
        try {
            response = site->handle(request);
        } catch (const std::exception& e) {
            // Environment failures are caught once, here: logged, and a plain 500 page.
            spdlog::error("{} {}: {}", method_name(request.method), request.target, e.what());
            response = Response{};
            response.status = 500;
            response.set_body(
                "<!doctype html><html lang=\"en\"><title>Server error</title>"
                "<p>Something went wrong on our side. Please try again.</p></html>");
            add_security_headers(response);
        }
    }
    bool keep_alive = req.keep_alive() && !stopping;
    http::response<http::span_body<const char>> res{static_cast<http::status>(response.status),
                                                    req.version()};
    for (const auto& [name, value] : response.headers) res.set(name, value);
    if (response.status != 304) res.set(http::field::content_type, response.content_type);
    if (response.gzipped) res.set(http::field::content_encoding, "gzip");
    std::string_view body = response.body_view();
    if (request.method != Method::kHead && response.status != 304) {
        res.body() = {body.data(), body.size()};
    }
    if (response.status != 304) res.content_length(body.size());
    res.keep_alive(keep_alive);
    stream.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
    auto [ec, written] = co_await http::async_write(stream, res, kTuple);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    spdlog::info("{} {} {} {} {}us", method_name(request.method), std::string(req.target()),
                 response.status, body.size(), micros);
    co_return !ec && keep_alive;
}

// Runs on the control strand.
void Server::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ignored;
    signals.cancel(ignored);
    asio::post(acceptor.get_executor(), [this] {
        beast::error_code ec;
        acceptor.close(ec);
    });
    {
        std::lock_guard lock(mutex);
        for (const auto& connection : live) {
            // Each connection runs on its own strand: close it there if it is waiting for a
            // request that has not begun to arrive; let the others finish their request.
            asio::post(connection->stream->get_executor(), [connection] {
                if (connection->idle && !connection->parser->got_some()) {
                    connection->stream->cancel();
                }
            });
        }
    }
    if (connections == 0) return;
    grace.expires_after(kShutdownGrace);
    grace.async_wait([this](beast::error_code ec) {
        if (!ec) ioc.stop();  // requests still running after the grace period are cut off
    });
}

Server::Server(ServeConfig config, std::shared_ptr<const Site> site)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(site))) {}

Server::~Server() = default;

Result<uint16_t> Server::listen() {
    beast::error_code ec;
    auto address = asio::ip::make_address(impl_->config.host, ec);
    if (ec) return fail(ErrorCode::kInvalidInput, "not an IP address: " + impl_->config.host);
    tcp::endpoint endpoint(address, impl_->config.port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return fail(ErrorCode::kUnavailable, "cannot listen on " + impl_->config.host + ":" +
                                                 std::to_string(impl_->config.port) + ": " +
                                                 ec.message());
    }
    return acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
    auto& impl = *impl_;
    if (handle_signals) {
        impl.signals.add(SIGINT);
        impl.signals.add(SIGTERM);
        impl.signals.async_wait([this](beast::error_code ec, int) {
            if (!ec) stop();
        });
    }
    asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < impl.config.threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();
    for (auto& t : threads) t.join();
}

void Server::stop() {
    auto& impl = *impl_;
    asio::post(impl.control, [&impl] { impl.begin_shutdown(); });
}

}  // namespace cbe::web
