#include "integration/smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cbe::testing {

namespace {

// Binds port 0 on loopback and returns the port the kernel chose (then closes it).
uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts(uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

uint16_t closed_port() { return free_port(); }

SmtpSink::SmtpSink() {
    dir_ = std::filesystem::temp_directory_path() /
           ("cbe-smtp-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    port_ = free_port();
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::string box = (dir_ / "box").string();
    // Debian's interpreter, where python3-aiosmtpd is installed (not a virtualenv's).
    std::vector<std::string> args{
        "/usr/bin/python3",          "-m", "aiosmtpd", "-n", "-l", listen, "-c",
        "aiosmtpd.handlers.Mailbox", box};
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("could not start aiosmtpd (install python3-aiosmtpd)");
    }
    for (int i = 0; i < 300 && !accepts(port_); ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("aiosmtpd exited (is python3-aiosmtpd installed?)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!accepts(port_)) throw std::runtime_error("aiosmtpd did not start listening");
}

SmtpSink::~SmtpSink() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::vector<std::string> SmtpSink::messages() const {
    std::vector<std::pair<std::filesystem::file_time_type, std::string>> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "box" / "new", ec)) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        found.emplace_back(entry.last_write_time(), text.str());
    }
    // Maildir names begin with the delivery time; sorting by name keeps delivery order.
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    out.reserve(found.size());
    for (auto& [when, text] : found) out.push_back(std::move(text));
    return out;
}

std::vector<std::string> SmtpSink::wait_for(size_t count, std::chrono::seconds limit) const {
    auto until = std::chrono::steady_clock::now() + limit;
    auto out = messages();
    while (out.size() < count && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        out = messages();
    }
    return out;
}

}  // namespace cbe::testing
