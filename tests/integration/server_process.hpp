// `roadmap serve` in its own process, with its output going to a file: for tests of what the
// real binary logs and how it stops (signals, exit status), which an in-process server cannot
// show.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cbe::testing {

std::string read_all(const std::filesystem::path& path);

class ServerProcess {
  public:
    // Serves over a fresh, migrated data folder in its own temporary folder (kept across
    // restart()), listening on `listen` (a port the system chooses), with `options` added.
    explicit ServerProcess(std::vector<std::string> options, std::string listen = "127.0.0.1:0");
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path data_dir() const { return dir_ / "data"; }
    std::string log() const { return read_all(log_path()); }
    // Waits until the log holds `count` lines containing `text` (true), or the server exits or
    // a generous limit passes (false). Waiting, not measuring.
    bool wait_for_log(const std::string& text, size_t count = 1) const;
    // SIGTERM, then waits for the process; returns its wait status (WIFEXITED, WIFSIGNALED…).
    int stop();
    // Starts the server again over the same data folder, with `options` (the log goes on).
    void restart(std::vector<std::string> options);
    // Stops the server (SIGTERM: event streams end, the log is flushed) and returns its log.
    std::string stop_and_read_log() {
        stop();
        return log();
    }

  private:
    void start();
    std::filesystem::path log_path() const { return dir_ / "server.log"; }
    std::filesystem::path dir_;
    std::vector<std::string> options_;
    std::string listen_;
    pid_t pid_ = -1;
    uint16_t port_ = 0;
};

}  // namespace cbe::testing
