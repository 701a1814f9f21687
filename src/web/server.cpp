#include "web/server.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "web/access_log.hpp"
#include "web/messages.hpp"
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

// One live-update stream: where the notifier's listener (on whatever thread publishes) leaves
// the newest version and wakes the connection's coroutine. Only `latest`, `woken`, `dropped` and
// (under `mutex`) `open` are shared between threads; the rest belongs to the connection's
// context.
struct EventStream : std::enable_shared_from_this<EventStream> {
    explicit EventStream(const asio::any_io_executor& executor) : wake(executor) {}

    // From the listener: keeps the newest version and wakes the coroutine, unless a wake-up is
    // already on its way. Never more than one is queued, however fast versions come or however
    // slowly the client reads: the coroutine sends only the latest.
    void offer(long long version) {
        long long seen = latest.load();
        while (version > seen && !latest.compare_exchange_weak(seen, version)) {
        }
        if (version > seen) wake_up();
    }
    void wake_up() {
        if (woken.exchange(true)) return;
        std::lock_guard lock(mutex);
        // Once closed, the connection's context may be gone: post nothing to it.
        if (open)
            asio::post(wake.get_executor(), [self = shared_from_this()] { self->wake.cancel(); });
    }
    // From the coroutine, as the stream ends; afterwards the listener posts nothing.
    void close() {
        std::lock_guard lock(mutex);
        open = false;
    }

    asio::steady_timer wake;  // the coroutine sleeps on it until the next heartbeat is due
    std::atomic<long long> latest{0};
    std::atomic<bool> woken{false};  // a wake-up is posted and the coroutine has not looked yet
    // The stream is to end (after sending a version it has not sent yet): the notifier let go
    // of our listener without our unsubscribing (it is gone, or the topic ended: a team session
    // closed or deleted), or a newer stream of the same holder took its place. A client that
    // reconnects asks afresh.
    std::atomic<bool> dropped{false};
    std::mutex mutex;
    bool open = true;
    // Its places in the stream budgets (under the server's mutex): counted until it ends or is
    // replaced.
    std::string topic;
    std::string holder;
    std::string client;
    bool counted = false;
    // The connection's context only.
    bool reading = false;      // the read that notices the client closing is pending
    bool client_gone = false;  // it completed: closed, reset, or cancelled
    bool ending = false;       // the coroutine is done: read no more
    std::array<char, 512> sink{};
};

// Held by the listener (every copy the notifier makes shares it): when the notifier lets go of
// the last copy, the stream is told. After our own unsubscribe that is harmless (it is closed).
struct ListenerLife {
    explicit ListenerLife(std::shared_ptr<EventStream> s) : stream(std::move(s)) {}
    std::shared_ptr<EventStream> stream;
    ListenerLife(const ListenerLife&) = delete;
    ListenerLife& operator=(const ListenerLife&) = delete;
    ~ListenerLife() {
        stream->dropped = true;
        try {
            stream->wake_up();
        } catch (...) {  // NOLINT(bugprone-empty-catch): the next heartbeat sees `dropped`
        }
    }
};

// Runs `f` when the scope ends, also when a stopped context destroys a suspended coroutine.
template <class F>
struct OnExit {
    explicit OnExit(F fn) : f(std::move(fn)) {}
    F f;
    OnExit(const OnExit&) = delete;
    OnExit& operator=(const OnExit&) = delete;
    ~OnExit() { f(); }
};

// What shutdown and the connection limits need to know about a live connection. `stream` and
// `parser` belong to the connection's own context (`stream` is null before its session starts
// and after it ends); the rest is also read by the acceptor, under the server's mutex.
struct Connection {
    beast::tcp_stream* stream = nullptr;
    Parser* parser = nullptr;              // of the request being read
    beast::flat_buffer* buffer = nullptr;  // bytes read and not yet parsed
    asio::ip::address address;
    asio::any_io_executor executor;
    // Waiting for a request header (closed at shutdown if none has begun); `waiting_since` orders
    // the waits (a counter, not a clock), oldest first, for shedding.
    std::atomic<bool> idle{true};
    std::atomic<uint64_t> waiting_since{0};
    std::atomic<bool> served_one{false};  // has answered a request (a kept-alive connection)
    std::atomic<bool> shed{false};        // chosen to be closed (set under the server's mutex)
    // Holds an event stream: counted in the stream budgets, no longer in its address's
    // connections (under the server's mutex).
    bool streaming = false;
    // While the connection answers with an event stream (its own context only): shutdown ends it.
    std::shared_ptr<EventStream> event_stream;
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

// RFC 9112 section 6: how long the body is must be beyond doubt, or a proxy in front and this
// server could cut the bytes into requests differently (request smuggling). The parser already
// refuses a broken Content-Length, two that differ, and chunked together with a Content-Length;
// this refuses the rest: any Transfer-Encoding but a single `chunked` (a coding the server does
// not understand, or chunked not last: the parser would take the body as empty and run it as
// the next request), Transfer-Encoding with any Content-Length or in an HTTP/1.0 request, and
// a Content-Length sent twice or as a list, even of equal values. True when the framing is sound.
bool framing_sound(const http::request<http::string_body>& req) {
    const auto lengths = req.count(http::field::content_length);
    const auto codings = req.count(http::field::transfer_encoding);
    if (lengths > 1) return false;
    if (lengths == 1) {
        std::string_view length = req[http::field::content_length];
        if (length.empty() || length.find_first_not_of("0123456789") != std::string_view::npos) {
            return false;
        }
    }
    if (codings == 0) return true;
    return codings == 1 && lengths == 0 && req.version() >= 11 &&
           beast::iequals(req[http::field::transfer_encoding], "chunked");
}

// The end of the request header at the front of `bytes` (the offset just past its blank line),
// or npos when it has not all arrived.
size_t header_end(std::string_view bytes) {
    size_t at = bytes.find("\r\n\r\n");
    return at == std::string_view::npos ? at : at + 4;
}

std::string_view buffer_view(const beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

// RFC 9112 section 5.2: a header line continued on the next (obs-fold: a line beginning with a
// space or tab) is refused, not joined: a proxy that reads it otherwise would frame the request
// differently. Also refuses whitespace between the request line and the first field (2.2).
bool has_folded_line(std::string_view header) {
    return header.find("\r\n ") != std::string_view::npos ||
           header.find("\r\n\t") != std::string_view::npos;
}

// True when the client is surely gone: its connection was reset (it closed with our answer
// unread, or its machine dropped it) or is shut in both directions. An end of stream alone is
// not: a client may shut down its sending side once its request is sent (a half-close, RFC 9112
// section 9.6) and still read the answer, so it gets one. A plain poll and peek on the
// descriptor, so any thread may ask while the coroutine awaits its answer.
bool peer_gone(int fd) {
    pollfd probe{fd, POLLIN, 0};
    if (::poll(&probe, 1, 0) < 0) return false;
    if ((probe.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return true;
    char byte = 0;
    ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

// The words come from the message table, like every other answer's.

Response plain_response(int status, std::string_view key) {
    Response response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.set_body(message_text(key) + "\n");
    add_security_headers(response);
    return response;
}

std::string http_date() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::array<char, 64> buffer{};
    std::strftime(buffer.data(), buffer.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buffer.data();
}

// The head of an event stream. Framing: the body ends when the connection closes (RFC 9112
// section 6.3: no Content-Length, no Transfer-Encoding, `Connection: close`). A stream never
// ends but by closing anyway, so chunked encoding would only add a size line to every event to
// keep alive a connection nobody reuses; close-delimited also serves HTTP/1.0 clients, and
// nginx (proxy_buffering off) passes it through as it comes.
std::string event_stream_head(const Response& response, bool http10) {
    std::string out = http10 ? "HTTP/1.0 200 OK\r\n" : "HTTP/1.1 200 OK\r\n";
    out.append("Date: ").append(http_date()).append("\r\n");
    for (const auto& [name, value] : response.headers) {  // the security headers, and any other
        assert(value.find_first_of("\r\n") == std::string::npos);
        if (beast::iequals(name, "Cache-Control") || beast::iequals(name, "Content-Length") ||
            beast::iequals(name, "Connection") || beast::iequals(name, "X-Accel-Buffering")) {
            continue;  // ours below
        }
        out.append(name).append(": ").append(value).append("\r\n");
    }
    out.append(
        "Content-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n"
        "X-Accel-Buffering: no\r\n"
        "Connection: close\r\n\r\n");
    return out;
}

std::string version_event(long long version) {
    return "event: version\ndata: {\"version\":" + std::to_string(version) + "}\n\n";
}

// Reads (and drops) whatever the client sends on an event stream until it closes the connection,
// or the read fails or is cancelled; then wakes the stream's coroutine to end it.
void watch_for_close(beast::tcp_stream& stream, const std::shared_ptr<EventStream>& events) {
    events->reading = true;
    stream.async_read_some(asio::buffer(events->sink),
                           [&stream, events](beast::error_code ec, size_t /*n*/) {
                               if (!ec && !events->ending) {
                                   watch_for_close(stream, events);
                                   return;
                               }
                               events->reading = false;
                               events->client_gone = true;
                               events->wake.cancel();
                           });
}

}  // namespace

// One io_context per thread, each run by one thread: connections are spread over them round
// robin, so no scheduler lock is shared between cores and no strands are needed.
struct Server::Impl {
    using Guard = asio::executor_work_guard<asio::io_context::executor_type>;

    ServeConfig config;
    // Swapped whole by a content reload; each request holds the one it started with.
    std::atomic<std::shared_ptr<const Site>> site;
    // Declared before the contexts: a coroutine destroyed with its stopped context still
    // unsubscribes and counts down.
    std::shared_ptr<Metrics> metrics;
    std::shared_ptr<service::Notifier> notifier;
    std::function<void()> reload;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<Guard> guards;
    tcp::acceptor acceptor;
    std::atomic<size_t> connections{0};
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> wait_counter{0};
    std::mutex mutex;
    std::set<std::shared_ptr<Connection>> live;
    // Live connections by peer address, event streams not counted.
    std::map<asio::ip::address, size_t> per_address;
    std::set<asio::ip::address> trusted_proxies;  // carry many clients: no per-address cap
    // The stream budgets (docs/security.md, "Connections"): streams in all, and by topic (a team
    // session), client address and holder (oldest first).
    size_t stream_cap = 0;  // max_event_streams, at most 3/4 of max_connections
    size_t event_streams = 0;
    std::map<std::string, size_t> streams_per_topic;
    std::map<std::string, size_t> streams_per_client;
    std::map<std::string, std::vector<std::shared_ptr<EventStream>>> streams_per_holder;
    // Shutdown state lives on the first context: the signal set and the grace-period timer.
    asio::signal_set signals;
    asio::signal_set hangups;
    asio::steady_timer grace;
    // Runs blocking (database) handlers, sized to the database's session pool.
    asio::thread_pool blocking_pool;

    Impl(ServeConfig c, const std::shared_ptr<const Site>& s, std::shared_ptr<Metrics> m,
         std::shared_ptr<service::Notifier> n)
        : config(std::move(c)),
          site(s),
          metrics(std::move(m)),
          notifier(std::move(n)),
          contexts(make_contexts(config.threads)),
          acceptor(*contexts[0]),
          signals(*contexts[0]),
          hangups(*contexts[0]),
          grace(*contexts[0]),
          blocking_pool(config.database_pool + config.hashing_concurrency + config.hashing_queue) {
        for (auto& ctx : contexts) guards.emplace_back(ctx->get_executor());
        stream_cap = std::min(config.max_event_streams, config.max_connections / 4 * 3);
        if (stream_cap < config.max_event_streams) {
            spdlog::warn(
                "live-update streams held to {} (3/4 of --max-connections {}), not {}: the rest "
                "is kept for requests",
                stream_cap, config.max_connections, config.max_event_streams);
        }
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
    asio::awaitable<beast::error_code> read_header_block(beast::tcp_stream& stream,
                                                         beast::flat_buffer& buffer);
    asio::awaitable<bool> answer(beast::tcp_stream& stream, Parser& parser, Connection& connection);
    std::shared_ptr<EventStream> admit_event_stream(const asio::any_io_executor& executor,
                                                    Connection& connection,
                                                    const std::string& client,
                                                    const Response& response);
    void release_stream(EventStream& events);
    asio::awaitable<size_t> stream_events(beast::tcp_stream& stream, Connection& connection,
                                          std::shared_ptr<EventStream> events,
                                          const Response& response, bool head_only, bool http10);
    asio::awaitable<void> send(beast::tcp_stream& stream, const Response& response, bool keep_alive,
                               bool head_only, bool http10);
    asio::awaitable<void> refuse(beast::tcp_stream& stream, int status, std::string_view key);
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
            if (!peer_error) metrics->connection_refused();
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
    metrics->connection_shed();
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
    if (connection->streaming) return;  // counted out of its address when its stream began
    auto held = per_address.find(connection->address);
    if (held != per_address.end() && --held->second == 0) per_address.erase(held);
}

asio::awaitable<void> Server::Impl::send(beast::tcp_stream& stream, const Response& response,
                                         bool keep_alive, bool head_only, bool http10) {
    // The head is written by us in one buffer; the body goes out from the shared string.
    std::string head = serialize_head(response, keep_alive, http10);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::const_buffer()};
    if (!head_only && response.status != 304 && response.status != 204)
        buffers[1] = asio::buffer(response.body_view());
    stream.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
    co_await asio::async_write(stream, buffers, kTuple);
}

// Answers a request that broke a limit, then reads and drops what the client is still sending
// for a moment before closing: closing at once would reset the connection and lose the answer.
asio::awaitable<void> Server::Impl::refuse(beast::tcp_stream& stream, int status,
                                           std::string_view key) {
    co_await send(stream, plain_response(status, key), false, false, false);
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

// Reads until `buffer` holds a whole request header (through its blank line), so that it can be
// checked as sent before the parser reads it; http::error::header_limit when it would be longer
// than the limit, else the error of the read that failed (closed, timed out, cancelled).
asio::awaitable<beast::error_code> Server::Impl::read_header_block(beast::tcp_stream& stream,
                                                                   beast::flat_buffer& buffer) {
    while (header_end(buffer_view(buffer)) == std::string_view::npos) {
        if (buffer.size() >= config.max_header_bytes) co_return http::error::header_limit;
        auto space = buffer.prepare(std::min<size_t>(buffer.max_size() - buffer.size(), 4096));
        auto [ec, n] = co_await stream.async_read_some(space, kTuple);
        buffer.commit(n);
        if (ec) co_return ec;
    }
    co_return beast::error_code{};
}

asio::awaitable<void> Server::Impl::session(tcp::socket socket,
                                            std::shared_ptr<Connection> connection) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(config.max_header_bytes + 1024);
    connection->stream = &stream;
    connection->buffer = &buffer;
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
        auto ec = co_await read_header_block(stream, buffer);
        const std::string_view bytes = buffer_view(buffer);
        const bool folded = !ec && has_folded_line(bytes.substr(0, header_end(bytes)));
        if (!ec && !folded) {
            // The whole header is in the buffer: the parser reads it from there.
            std::tie(ec, std::ignore) =
                co_await http::async_read_header(stream, buffer, parser, kTuple);
        }
        connection->idle = false;
        if (folded) {
            co_await refuse(stream, 400, "http.bad-framing");
            break;
        }
        if (ec == http::error::header_limit) {
            co_await refuse(stream, 431, "http.header-too-large");
            break;
        }
        if (ec == http::error::body_limit) {  // a Content-Length over the limit
            co_await refuse(stream, 413, "http.body-too-large");
            break;
        }
        if (is_malformed(ec)) {
            co_await refuse(stream, 400, "http.bad-request");
            break;
        }
        if (ec) break;  // closed, timed out, or cancelled by shutdown
        if (!framing_sound(parser.get())) {
            co_await refuse(stream, 400, "http.bad-framing");
            break;
        }
        // A chunked body may end with trailer fields, which the parser adds to the header's
        // (next to any field of the same name). RFC 9110 section 6.5.1: they must not be taken
        // for header fields (a trailer could name a second Host, a cookie or a forwarded
        // address after the header was checked): the header is put back as it came.
        std::optional<http::request_header<>> header_only;
        if (parser.chunked()) header_only = parser.get().base();
        stream.expires_after(std::chrono::seconds(config.header_timeout_seconds));
        auto [ec_body, m] = co_await http::async_read(stream, buffer, parser, kTuple);
        if (ec_body == http::error::body_limit) {
            co_await refuse(stream, 413, "http.body-too-large");
            break;
        }
        if (is_malformed(ec_body)) {
            co_await refuse(stream, 400, "http.bad-request");
            break;
        }
        if (ec_body) break;
        if (header_only) parser.get().base() = std::move(*header_only);
        if (!co_await answer(stream, parser, *connection)) break;
        first = false;
        connection->served_one = true;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    connection->stream = nullptr;
    forget(connection);
    connection_closed();
}

asio::awaitable<bool> Server::Impl::answer(beast::tcp_stream& stream, Parser& parser,
                                           Connection& connection) {
    auto started = std::chrono::steady_clock::now();
    auto& req = parser.get();
    const std::shared_ptr<const Site> site = this->site.load();
    Request request;
    request.method = method_of(req.method());
    Response response;
    if (!parse_target(req.target(), request)) {
        response = plain_response(400, "http.bad-target");
    } else if (!host_header_valid(req)) {
        response = plain_response(400, "http.one-host");
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
        request.client_gone = [fd = stream.socket().native_handle()] { return peer_gone(fd); };
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
            // The path as the access log writes it: the target may hold a private link.
            spdlog::error("{} {}: {}", method_name(request.method), loggable_path(request),
                          e.what());
            response = plain_response(500, "http.internal");
        }
    }
    const char* method = method_name(request.method);
    const std::string route = request.route.empty() ? "(unmatched)" : request.route;
    if (response.status == 200 && !response.event_topic.empty()) {
        if (auto events = admit_event_stream(stream.get_executor(), connection,
                                             request.client_address(), response)) {
            // The latency histogram counts the time to the stream's head, not the stream's life.
            metrics->record(method, route, 200,
                            std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - started));
            size_t bytes =
                co_await stream_events(stream, connection, std::move(events), response,
                                       request.method == Method::kHead, req.version() == 10);
            auto lasted = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started);
            log_access({method, loggable_path(request), crypto::short_tag(req.target()), 200, bytes,
                        lasted.count()});
            co_return false;  // the stream's end is the connection's end
        }
        metrics->stream_refused();
        response = plain_response(503, "http.streams-full");
        response.headers.emplace_back("Retry-After", "10");
    }
    bool keep_alive = req.keep_alive() && !stopping;
    co_await send(stream, response, keep_alive, request.method == Method::kHead,
                  req.version() == 10);
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    metrics->record(method, route, response.status, elapsed);
    log_access({method, loggable_path(request), crypto::short_tag(req.target()), response.status,
                response.body_view().size(), elapsed.count()});
    co_return keep_alive;
}

// Takes the places of a new event stream in the budgets (release_stream gives them back), or
// says there is none (nullptr; nor any stream without a notifier): the server's streams
// (stream_cap), the topic's (a team session), the client address's. A holder already at its two
// streams gives its oldest place to the new one, which is told to end: a participant who opens
// the page on a third tab, or a script that opens streams with one link without end, keeps two.
// The connection then counts in no address's connections: streams have their own budget.
std::shared_ptr<EventStream> Server::Impl::admit_event_stream(const asio::any_io_executor& executor,
                                                              Connection& connection,
                                                              const std::string& client,
                                                              const Response& response) {
    constexpr size_t kStreamsPerHolder = 2;
    if (!notifier) return nullptr;
    auto events = std::make_shared<EventStream>(executor);
    events->topic = response.event_topic;
    events->holder = response.event_holder;
    events->client = client;
    std::lock_guard lock(mutex);
    std::shared_ptr<EventStream> oldest;
    if (auto held = streams_per_holder.find(events->holder);
        held != streams_per_holder.end() && held->second.size() >= kStreamsPerHolder) {
        oldest = held->second.front();
    }
    // A place the holder's oldest stream gives up counts as free where it counted.
    auto fits = [&](const std::map<std::string, size_t>& counts, const std::string& key, size_t cap,
                    const std::string& oldest_key) {
        auto it = counts.find(key);
        size_t held = it == counts.end() ? 0 : it->second;
        if (oldest && oldest_key == key) --held;
        return cap == 0 || held < cap;
    };
    if (event_streams - (oldest ? 1 : 0) >= stream_cap ||
        !fits(streams_per_topic, events->topic, config.max_event_streams_per_session,
              oldest ? oldest->topic : "") ||
        !fits(streams_per_client, events->client, config.max_event_streams_per_address,
              oldest ? oldest->client : "")) {
        return nullptr;
    }
    if (oldest) {
        release_stream(*oldest);
        oldest->dropped = true;
        oldest->wake_up();
        metrics->stream_replaced();
    }
    events->counted = true;
    ++event_streams;
    ++streams_per_topic[events->topic];
    ++streams_per_client[events->client];
    if (!events->holder.empty()) streams_per_holder[events->holder].push_back(events);
    if (!connection.streaming) {
        connection.streaming = true;
        auto held = per_address.find(connection.address);
        if (held != per_address.end() && --held->second == 0) per_address.erase(held);
    }
    return events;
}

// Under `mutex`: gives back the places of a stream that ends or was replaced.
void Server::Impl::release_stream(EventStream& events) {
    if (!events.counted) return;
    events.counted = false;
    --event_streams;
    auto count_out = [](std::map<std::string, size_t>& counts, const std::string& key) {
        auto it = counts.find(key);
        if (it != counts.end() && --it->second == 0) counts.erase(it);
    };
    count_out(streams_per_topic, events.topic);
    count_out(streams_per_client, events.client);
    if (auto held = streams_per_holder.find(events.holder); held != streams_per_holder.end()) {
        std::erase_if(held->second, [&](const auto& s) { return s.get() == &events; });
        if (held->second.empty()) streams_per_holder.erase(held);
    }
}

// Holds the connection as a Server-Sent Events stream of `response.event_topic`: the head, the
// reconnection delay, the current version at once, then the newest version after every publish
// (coalesced: a slow client skips versions, never queues them) and a heartbeat comment when
// quiet. Ends when the client closes, a write stalls past the idle timeout, the server shuts
// down, or the notifier lets go. Returns the bytes written.
asio::awaitable<size_t> Server::Impl::stream_events(beast::tcp_stream& stream,
                                                    Connection& connection,
                                                    std::shared_ptr<EventStream> events,
                                                    const Response& response, bool head_only,
                                                    bool http10) {
    // Subscribed before the first event is written: a change committed after this is sent, and
    // one committed before it is in the state the client fetches on that first event.
    const uint64_t subscription = notifier->subscribe(
        response.event_topic,
        [life = std::make_shared<ListenerLife>(events)](
            const std::string& /*topic*/, int64_t version) { life->stream->offer(version); });
    connection.event_stream = events;
    metrics->stream_opened();
    OnExit ended{[&] {
        events->close();
        connection.event_stream = nullptr;
        {
            std::lock_guard lock(mutex);
            release_stream(*events);
        }
        metrics->stream_closed();
        notifier->unsubscribe(subscription);  // last: tests wait on it
    }};

    long long sent = std::max(response.event_version, events->latest.load());
    std::string out = event_stream_head(response, http10);
    if (!head_only) out += "retry: 3000\n\n" + version_event(sent);
    // Streams are not idle connections: no read timeout; each write has the idle timeout.
    stream.expires_never();
    if (!head_only) watch_for_close(stream, events);
    const auto write_timeout = std::chrono::seconds(config.idle_timeout_seconds);
    const auto heartbeat = std::chrono::seconds(std::max(1, config.event_heartbeat_seconds));
    size_t bytes = 0;
    while (!out.empty()) {
        stream.expires_after(write_timeout);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(out), kTuple);
        bytes += n;
        out.clear();
        if (ec || head_only) break;
        auto next_heartbeat = std::chrono::steady_clock::now() + heartbeat;
        // Wait for something to send. A wake-up posted while the coroutine writes or looks is
        // never lost: `woken` is cleared before each look, and the look comes before each wait.
        // A version not sent yet goes out before the stream ends (but not at shutdown), so a
        // client told to stop (its session closed) learns the last change first.
        while (out.empty()) {
            events->woken = false;
            if (long long latest = events->latest.load();
                latest > sent && !events->client_gone && !stopping) {
                sent = latest;
                out = version_event(sent);
            } else if (stopping || events->client_gone || events->dropped) {
                break;
            } else if (std::chrono::steady_clock::now() >= next_heartbeat) {
                out = ": keep-alive\n\n";
            } else {
                events->wake.expires_at(next_heartbeat);
                co_await events->wake.async_wait(kTuple);
            }
        }
    }
    // Stop the read that watches for the client's close, and wait for it: it uses `stream`.
    events->ending = true;
    if (events->reading) stream.cancel();
    while (events->reading) {
        events->wake.expires_at(std::chrono::steady_clock::time_point::max());
        co_await events->wake.async_wait(kTuple);
    }
    co_return bytes;
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
                if (connection->event_stream) {
                    // An event stream ends now, not after the grace period: its pending write
                    // and read are cancelled, and its coroutine woken to see `stopping`.
                    connection->stream->cancel();
                    connection->event_stream->wake.cancel();
                } else if (connection->stream && connection->idle &&
                           connection->buffer->size() == 0 && !connection->parser->got_some()) {
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
               std::shared_ptr<Metrics> metrics, std::shared_ptr<service::Notifier> notifier)
    : impl_(std::make_unique<Impl>(std::move(config), site, std::move(metrics),
                                   std::move(notifier))) {}

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
