#include "web/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "web/access_log.hpp"
#include "web/metrics.hpp"
#include "web/site.hpp"

namespace cbe::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kShutdownGrace = std::chrono::seconds(5);

namespace {

using Parser = http::request_parser<http::string_body>;

// What shutdown and the connection limits need to know about a live connection. `stream` and
// `parser` belong to the connection's own context (`stream` is null before its session starts
// and after it ends); the rest is also read by the acceptor, under the server's mutex.
struct Connection {
    beast::tcp_stream* stream = nullptr;
    Parser* parser = nullptr;  // of the request being read
    asio::ip::address address;
    asio::any_io_executor executor;
    // Waiting for a request header (closed at shutdown if none has begun); `waiting_since` orders
    // the waits (a counter, not a clock), oldest first, for shedding.
    std::atomic<bool> idle{true};
    std::atomic<uint64_t> waiting_since{0};
    std::atomic<bool> served_one{false};  // has answered a request (a kept-alive connection)
    std::atomic<bool> shed{false};        // chosen to be closed (set under the server's mutex)
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

// True for errors of the HTTP parser (a request it cannot read), which deserve a 400; false for a
// connection that closed, timed out or was cancelled, where there is nobody to answer.
bool is_malformed(const beast::error_code& ec) {
    if (!ec || ec.category() != beast::http::make_error_code(http::error::bad_method).category()) {
        return false;
    }
    return ec != http::error::end_of_stream && ec != http::error::partial_message &&
           ec != http::error::need_more && ec != http::error::need_buffer;
}

// RFC 9112 section 3.2: an HTTP/1.1 request without a Host header, or any request with more than
// one, is answered 400 (a second Host is how some smuggling and cache-poisoning tricks start).
bool host_header_valid(const http::request<http::string_body>& req) {
    auto hosts = req.count(http::field::host);
    return hosts == 1 || (hosts == 0 && req.version() < 11);
}

Response plain_response(int status, const char* text) {
    Response response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.set_body(text);
    add_security_headers(response);
    return response;
}

}  // namespace

// One io_context per thread, each run by one thread: connections are spread over them round
// robin, so no scheduler lock is shared between cores and no strands are needed.
struct Server::Impl {
    using Guard = asio::executor_work_guard<asio::io_context::executor_type>;

    ServeConfig config;
    // Swapped whole by a content reload; each request holds the one it started with.
    std::atomic<std::shared_ptr<const Site>> site;
    std::shared_ptr<Metrics> metrics;
    std::function<void()> reload;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<Guard> guards;
    tcp::acceptor acceptor;
    std::atomic<size_t> connections{0};
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> wait_counter{0};
    std::mutex mutex;
    std::set<std::shared_ptr<Connection>> live;
    std::map<asio::ip::address, size_t> per_address;  // live connections by client address
    std::set<asio::ip::address> trusted_proxies;      // carry many clients: no per-address cap
    // Shutdown state lives on the first context: the signal set and the grace-period timer.
    asio::signal_set signals;
    asio::signal_set hangups;
    asio::steady_timer grace;
    // Runs blocking (database) handlers, sized to the database's session pool.
    asio::thread_pool blocking_pool;

    Impl(ServeConfig c, const std::shared_ptr<const Site>& s, std::shared_ptr<Metrics> m)
        : config(std::move(c)),
          site(s),
          metrics(std::move(m)),
          contexts(make_contexts(config.threads)),
          acceptor(*contexts[0]),
          signals(*contexts[0]),
          hangups(*contexts[0]),
          grace(*contexts[0]),
          blocking_pool(config.database_pool + config.hashing_concurrency + config.hashing_queue) {
        for (auto& ctx : contexts) guards.emplace_back(ctx->get_executor());
        for (const auto& proxy : config.trusted_proxies) {
            beast::error_code ec;
            auto address = asio::ip::make_address(proxy, ec);
            if (!ec) trusted_proxies.insert(address);
        }
    }

    static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int n) {
        std::vector<std::unique_ptr<asio::io_context>> out;
        for (int i = 0; i < std::max(1, n); ++i)
            out.push_back(std::make_unique<asio::io_context>(1));
        return out;
    }
    asio::io_context& control() { return *contexts[0]; }

    asio::awaitable<void> accept_loop();
    std::shared_ptr<Connection> admit(const asio::ip::address& peer,
                                      asio::any_io_executor executor);
    bool shed_oldest_waiting(const asio::ip::address* only_from);
    void forget(const std::shared_ptr<Connection>& connection);
    asio::awaitable<void> session(tcp::socket socket, std::shared_ptr<Connection> connection);
    asio::awaitable<bool> answer(beast::tcp_stream& stream, Parser& parser);
    asio::awaitable<void> send(beast::tcp_stream& stream, const Response& response, bool keep_alive,
                               bool head_only, bool http10);
    asio::awaitable<void> refuse(beast::tcp_stream& stream, int status, const char* text);
    void wait_for_hangup();
    void begin_shutdown();
    void connection_closed();
    void stop_all();
};

asio::awaitable<void> Server::Impl::accept_loop() {
    size_t next = 0;
    while (!stopping) {
        auto& target = *contexts[next++ % contexts.size()];
        auto [ec, socket] = co_await acceptor.async_accept(target, kTuple);
        if (ec) {
            if (stopping || ec == asio::error::operation_aborted) co_return;
            spdlog::warn("accept failed: {}", ec.message());
            asio::steady_timer pause(control(), std::chrono::milliseconds(50));
            co_await pause.async_wait(kTuple);  // e.g. out of file descriptors: back off
            continue;
        }
        beast::error_code peer_error;
        auto peer = socket.remote_endpoint(peer_error);
        auto connection = peer_error ? nullptr : admit(peer.address(), socket.get_executor());
        if (!connection) {
            beast::error_code ignored;
            socket.close(ignored);  // over a limit: refuse rather than starve everyone
            continue;
        }
        metrics->connection_opened();
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(target, session(std::move(socket), std::move(connection)), asio::detached);
    }
}

// Counts a new connection in, or refuses it (nullptr). One address (other than a trusted
// proxy's) holds at most max_connections_per_address: at that limit, its own oldest kept-alive
// connection waiting for its next request is closed to make room (browsers reopen those without a
// word; many people behind one school's NAT share an address), else the new one is refused. Near
// the global cap, the connection that has waited longest for a request header, from anyone, is
// closed to make room: slow or stalled clients go first, requests being answered are never cut.
std::shared_ptr<Connection> Server::Impl::admit(const asio::ip::address& peer,
                                                asio::any_io_executor executor) {
    auto connection = std::make_shared<Connection>();
    connection->address = peer;
    if (peer.is_v6() && peer.to_v6().is_v4_mapped()) {
        connection->address = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6());
    }
    connection->executor = std::move(executor);
    connection->waiting_since = ++wait_counter;
    std::lock_guard lock(mutex);
    const size_t per_address_cap = config.max_connections_per_address;
    if (per_address_cap > 0 && !trusted_proxies.contains(connection->address)) {
        auto held = per_address.find(connection->address);
        if (held != per_address.end() && held->second >= per_address_cap &&
            !shed_oldest_waiting(&connection->address)) {
            return nullptr;
        }
    }
    const size_t cap = config.max_connections;
    const size_t near_cap = cap - std::max<size_t>(1, cap / 16);
    if (connections >= near_cap && !shed_oldest_waiting(nullptr) && connections >= cap) {
        return nullptr;
    }
    ++connections;
    ++per_address[connection->address];
    live.insert(connection);
    return connection;
}

// Under `mutex`. Chooses the connection that has waited longest for a request header — only a
// kept-alive one of `*only_from` when given — and closes it on its own context. False when
// there is none. The count drops when its session ends, so the caps can be passed for a moment
// by the connections being shed, never more.
bool Server::Impl::shed_oldest_waiting(const asio::ip::address* only_from) {
    std::shared_ptr<Connection> oldest;
    for (const auto& c : live) {
        if (c->shed || !c->idle) continue;
        if (only_from && (c->address != *only_from || !c->served_one)) continue;
        if (!oldest || c->waiting_since < oldest->waiting_since) oldest = c;
    }
    if (!oldest) return false;
    oldest->shed = true;
    asio::post(oldest->executor, [oldest] {
        // It may have received a whole header meanwhile: then it is answered after all.
        // Not started yet (no stream): its session sees `shed` and ends at once.
        if (oldest->stream && oldest->idle) oldest->stream->cancel();
    });
    return true;
}

void Server::Impl::forget(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex);
    live.erase(connection);
    auto held = per_address.find(connection->address);
    if (held != per_address.end() && --held->second == 0) per_address.erase(held);
}

asio::awaitable<void> Server::Impl::send(beast::tcp_stream& stream, const Response& response,
                                         bool keep_alive, bool head_only, bool http10) {
    // The head is written by us in one buffer; the body goes out from the shared string.
    std::string head = serialize_head(response, keep_alive, http10);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::const_buffer()};
    if (!head_only && response.status != 304) buffers[1] = asio::buffer(response.body_view());
    stream.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
    co_await asio::async_write(stream, buffers, kTuple);
}

// Answers a request that broke a limit, then reads and drops what the client is still sending
// for a moment before closing: closing at once would reset the connection and lose the answer.
asio::awaitable<void> Server::Impl::refuse(beast::tcp_stream& stream, int status,
                                           const char* text) {
    co_await send(stream, plain_response(status, text), false, false, false);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(1));
    char sink[16 * 1024];
    for (size_t total = 0; total < size_t{4} * 1024 * 1024;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
        if (ec) break;
        total += n;
    }
}

asio::awaitable<void> Server::Impl::session(tcp::socket socket,
                                            std::shared_ptr<Connection> connection) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(config.max_header_bytes + 1024);
    connection->stream = &stream;
    bool first = true;
    while (!stopping && !connection->shed) {
        Parser parser;
        parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
        parser.body_limit(config.max_body_bytes);
        if (!first) connection->waiting_since = ++wait_counter;
        connection->idle = true;
        connection->parser = &parser;
        stream.expires_after(std::chrono::seconds(first ? config.header_timeout_seconds
                                                        : config.idle_timeout_seconds));
        auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
        connection->idle = false;
        if (ec == http::error::header_limit) {
            co_await refuse(stream, 431, "Request header fields too large\n");
            break;
        }
        if (ec == http::error::body_limit) {  // a Content-Length over the limit
            co_await refuse(stream, 413, "Request body too large\n");
            break;
        }
        if (is_malformed(ec)) {
            co_await refuse(stream, 400, "Malformed request\n");
            break;
        }
        if (ec) break;  // closed, timed out, or cancelled by shutdown
        stream.expires_after(std::chrono::seconds(config.header_timeout_seconds));
        auto [ec_body, m] = co_await http::async_read(stream, buffer, parser, kTuple);
        if (ec_body == http::error::body_limit) {
            co_await refuse(stream, 413, "Request body too large\n");
            break;
        }
        if (is_malformed(ec_body)) {
            co_await refuse(stream, 400, "Malformed request\n");
            break;
        }
        if (ec_body) break;
        if (!co_await answer(stream, parser)) break;
        first = false;
        connection->served_one = true;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    connection->stream = nullptr;
    forget(connection);
    connection_closed();
}

asio::awaitable<bool> Server::Impl::answer(beast::tcp_stream& stream, Parser& parser) {
    auto started = std::chrono::steady_clock::now();
    auto& req = parser.get();
    const std::shared_ptr<const Site> site = this->site.load();
    Request request;
    request.method = method_of(req.method());
    Response response;
    if (!parse_target(req.target(), request)) {
        response = plain_response(400, "Malformed request target\n");
    } else if (!host_header_valid(req)) {
        response = plain_response(400, "A request needs exactly one Host header\n");
    } else {
        for (const auto& field : req) {
            std::string name(field.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        request.body = std::move(req.body());
        beast::error_code peer_error;
        auto peer = stream.socket().remote_endpoint(peer_error);
        if (!peer_error) request.remote_address = peer.address().to_string();
        if (!config.trusted_proxies.empty()) {
            request.forwarded_for = client_behind_proxies(
                request.remote_address, request.header("x-forwarded-for"), config.trusted_proxies);
        }
        try {
            if (site->is_blocking(request)) {
                // Database work runs on the blocking pool; this coroutine resumes here after.
                response = co_await asio::co_spawn(
                    blocking_pool,
                    [&]() -> asio::awaitable<Response> { co_return site->handle(request); },
                    asio::use_awaitable);
            } else {
                response = site->handle(request);
            }
        } catch (const std::exception& e) {
            // Environment failures are caught once, here: logged, and a plain 500 page.
            spdlog::error("{} {}: {}", method_name(request.method), request.target, e.what());
            response = plain_response(500, "Something went wrong on our side. Please try again.\n");
        }
    }
    bool keep_alive = req.keep_alive() && !stopping;
    co_await send(stream, response, keep_alive, request.method == Method::kHead,
                  req.version() == 10);
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    const char* method = method_name(request.method);
    metrics->record(method, request.route.empty() ? "(unmatched)" : request.route, response.status,
                    elapsed);
    log_access({method, loggable_path(request), crypto::short_tag(req.target()), response.status,
                response.body_view().size(), elapsed.count()});
    co_return keep_alive;
}

// Runs on the control context.
void Server::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ignored;
    signals.cancel(ignored);
    hangups.cancel(ignored);
    acceptor.close(ignored);
    {
        std::lock_guard lock(mutex);
        for (const auto& connection : live) {
            // Close a connection, on its own context, if it waits for a request that has not
            // begun to arrive; let the others finish the request they are on.
            asio::post(connection->executor, [connection] {
                if (connection->stream && connection->idle && !connection->parser->got_some()) {
                    connection->stream->cancel();
                }
            });
        }
    }
    for (auto& guard : guards) guard.reset();  // contexts may now run out of work and return
    if (connections == 0) return;
    grace.expires_after(kShutdownGrace);
    grace.async_wait([this](beast::error_code ec) {
        if (!ec) stop_all();  // requests still running after the grace period are cut off
    });
}

void Server::Impl::connection_closed() {
    metrics->connection_closed();
    if (--connections == 0 && stopping) {
        // The last connection is done: nothing to wait for, so end the grace period now.
        asio::post(control(), [this] { grace.cancel(); });
    }
}

// SIGHUP: run the reload on the blocking pool (it reads files and renders pages), then listen
// for the next one.
void Server::Impl::wait_for_hangup() {
    hangups.async_wait([this](beast::error_code ec, int) {
        if (ec || stopping) return;
        if (reload) asio::post(blocking_pool, reload);
        wait_for_hangup();
    });
}

void Server::Impl::stop_all() {
    for (auto& ctx : contexts) ctx->stop();
}

Server::Server(ServeConfig config, const std::shared_ptr<const Site>& site,
               std::shared_ptr<Metrics> metrics)
    : impl_(std::make_unique<Impl>(std::move(config), site, std::move(metrics))) {}

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
        impl.hangups.add(SIGHUP);
        impl.wait_for_hangup();
    }
    asio::co_spawn(impl.control(), impl.accept_loop(), asio::detached);
    std::vector<std::thread> threads;
    for (size_t i = 1; i < impl.contexts.size(); ++i) {
        threads.emplace_back([&impl, i] { impl.contexts[i]->run(); });
    }
    impl.contexts[0]->run();
    for (auto& t : threads) t.join();
    impl.blocking_pool.join();
}

void Server::replace_site(std::shared_ptr<const Site> site) { impl_->site.store(std::move(site)); }

void Server::on_hangup(std::function<void()> reload) { impl_->reload = std::move(reload); }

void Server::stop() {
    auto& impl = *impl_;
    asio::post(impl.control(), [&impl] { impl.begin_shutdown(); });
}

}  // namespace cbe::web
