#include "integration/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cbe::testing {

namespace fs = std::filesystem;

namespace {

// Only keeps a broken server from hanging a test (the ASan build is slow): 2 minutes.
constexpr int kPolls = 2400;
constexpr auto kPoll = std::chrono::milliseconds(50);

// Runs `args` with stdout and stderr appended to `log`, from the source folder (where a
// development build finds its templates and content).
pid_t spawn(std::vector<std::string> args, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addchdir_np(&actions, CBE_SOURCE_DIR);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) throw std::runtime_error("could not start " + args[0]);
    return pid;
}

size_t occurrences(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

std::string read_all(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

ServerProcess::ServerProcess(std::vector<std::string> options, std::string listen)
    : options_(std::move(options)), listen_(std::move(listen)) {
    dir_ = fs::temp_directory_path() / ("cbe-process-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    int status = 0;
    ::waitpid(
        spawn({CBE_ROADMAP_BIN, "migrate", "--data", data_dir().string()}, dir_ / "migrate.log"),
        &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("migrate failed: " + read_all(dir_ / "migrate.log"));
    }
    start();
}

ServerProcess::~ServerProcess() {
    stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

void ServerProcess::start() {
    std::vector<std::string> args{CBE_ROADMAP_BIN, "serve",  "--listen",
                                  listen_,         "--data", data_dir().string()};
    args.insert(args.end(), options_.begin(), options_.end());
    size_t started_before = occurrences(log(), " ms at http://");
    pid_ = spawn(args, log_path());
    std::smatch m;
    const std::regex ready("ready in [0-9]+ ms at http://[^:]+:([0-9]+)/");
    for (int i = 0; i < kPolls; ++i) {
        std::string text = log();
        if (occurrences(text, " ms at http://") > started_before) {
            std::string last = text.substr(text.rfind("ready in "));
            if (std::regex_search(last, m, ready)) {
                port_ = static_cast<uint16_t>(std::stoi(m[1]));
                return;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("the server exited: " + text);
        }
        std::this_thread::sleep_for(kPoll);
    }
    throw std::runtime_error("the server did not start: " + log());
}

void ServerProcess::restart(std::vector<std::string> options) {
    stop();
    options_ = std::move(options);
    start();
}

bool ServerProcess::wait_for_log(const std::string& text, size_t count) const {
    for (int i = 0; i < kPolls; ++i) {
        if (occurrences(log(), text) >= count) return true;
        siginfo_t info{};
        bool exited =
            pid_ <= 0 ||
            ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
            info.si_pid == pid_;
        if (exited) return occurrences(log(), text) >= count;
        std::this_thread::sleep_for(kPoll);
    }
    return false;
}

int ServerProcess::stop() {
    if (pid_ <= 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

}  // namespace cbe::testing
