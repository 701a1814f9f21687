// The HTTP/1.1 server (Boost.Beast on Asio coroutines). Beast stays inside server.cpp so this
// header is cheap to include.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/config.hpp"
#include "core/result.hpp"
#include "service/notifier.hpp"

namespace cbe::web {

class Metrics;
class Site;

class Server {
  public:
    // `metrics` counts requests and connections across every site the server is given;
    // event streams (responses with an `event_topic`) subscribe to `notifier`.
    Server(ServeConfig config, const std::shared_ptr<const Site>& site,
           std::shared_ptr<Metrics> metrics, std::shared_ptr<service::Notifier> notifier);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; returns the port (an ephemeral one when the config asks for port 0).
    [[nodiscard]] Result<uint16_t> listen();
    // Serves on the configured number of threads until stop(), or SIGINT/SIGTERM when
    // `handle_signals`; returns once in-flight requests are answered (or after a grace period).
    void run(bool handle_signals);
    // Graceful stop, from any thread: stop accepting, close idle connections, finish the rest.
    void stop();
    // Serves new requests from `site` from now on; requests in flight finish on the old one.
    void replace_site(std::shared_ptr<const Site> site);
    // Called (off the I/O threads) on SIGHUP while run(true) serves: a content reload.
    void on_hangup(std::function<void()> reload);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cbe::web
