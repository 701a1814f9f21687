// The slowing limits under concurrency (issue 15, #2 #12 #14 and the limits added after them),
// through the real server: a burst of requests from one address, sent at once, gets exactly as
// far as the same requests one after another would. Each limit reads, decides and counts in one
// transaction that begins with a write (RateLimit::attempt, may_try, may_guess). A check read
// apart from its count let through every request that read before the first count was written.
//
// To make that moment long and certain, another connection holds SQLite's write lock while the
// burst arrives (as a long write elsewhere would) and lets go only once every session of the
// server's pool is taken and the other requests wait for one. A limit that reads first has then
// let at least a pool's worth of requests read the same count; one whose first statement is a
// write has let none read, and they go on one after another. The clock stands still, so no wait
// ends during a burst and every count below is exact.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <latch>
#include <map>
#include <thread>

#include "integration/fixtures.hpp"
#include "service/team_session_service.hpp"

namespace cbe::testing {

namespace {

constexpr int kBurst = 30;

// A server behind a proxy on loopback (so each test speaks from addresses of its own), with
// blocking threads for every request of a burst (the pool's threads follow `database_pool`;
// the test server's database keeps its own 4 sessions).
ServeConfig config_for_bursts() {
    ServeConfig config = behind_proxy();
    config.database_pool = 16;
    config.hashing_queue = kBurst;  // none is turned away for a full queue: only the limit counts
    return config;
}

// Another connection to the server's database file, holding its write lock until release().
class WriteLock {
  public:
    explicit WriteLock(const RunningServer& server) {
        const std::string path = (server.data_dir() / "roadmap.db").string();
        EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
        sqlite3_busy_timeout(db_, 5000);
        EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    }
    void release() {
        if (!db_) return;
        EXPECT_EQ(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db_);
        db_ = nullptr;
    }
    ~WriteLock() { release(); }
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

  private:
    sqlite3* db_ = nullptr;
};

// Sends every request of `sends` at the same moment (each from its own thread, released
// together) while the write lock is held, as above; returns how many answers had each status,
// and checks that every 429 says when to come back.
std::map<int, int> all_at_once(RunningServer& server,
                               const std::vector<std::function<HttpResult()>>& sends) {
    WriteLock lock(server);
    const auto waits_before = server.database->pool_stats().waits;
    const auto others = sends.size() - std::min(sends.size(), server.database->pool_size());
    std::latch ready(static_cast<std::ptrdiff_t>(sends.size()));
    std::vector<HttpResult> answers(sends.size());
    std::vector<std::thread> threads;
    threads.reserve(sends.size());
    for (size_t i = 0; i < sends.size(); ++i) {
        threads.emplace_back([&, i] {
            ready.arrive_and_wait();
            answers[i] = sends[i]();
        });
    }
    // Every session taken and the other requests waiting for one. Not a timing: the deadline
    // only keeps a broken server from hanging the test (its answers then fail below), so it is
    // long enough for the slowest build (AddressSanitizer) to queue a burst.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (server.database->pool_stats().waits < waits_before + others &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    lock.release();
    for (auto& t : threads) t.join();
    std::map<int, int> out;
    for (const auto& a : answers) {
        ++out[a.status];
        if (a.status == 429) {
            auto retry = a.headers.find("retry-after");
            EXPECT_GE(retry == a.headers.end() ? 0 : std::stoll(retry->second), 1);
        }
    }
    return out;
}

// `kBurst` clients from `address`, each with the CSRF token of the form at `form`, each sending
// `fields(i)` to `target`.
std::vector<std::function<HttpResult()>> burst(uint16_t port, const std::string& address,
                                               const std::string& form, const std::string& target,
                                               const std::function<std::string(int)>& fields) {
    std::vector<std::function<HttpResult()>> out;
    for (int i = 0; i < kBurst; ++i) {
        std::shared_ptr<Client> c = from(port, address);
        c->get(form);
        EXPECT_FALSE(c->csrf().empty()) << form;
        out.emplace_back([c, target, body = "csrf=" + c->csrf() + "&" + fields(i)] {
            return c->post(target, body);
        });
    }
    return out;
}

}  // namespace

// New anonymous assessments: the first `free` of a burst are made, every other one waits.
TEST(RateLimitRace, ABurstOfNewAssessmentsMakesExactlyTheFreeOnes) {
    ServeConfig config = config_for_bursts();
    config.new_assessments_per_address = 3;  // fewer than the pool's sessions
    FrozenClock stopped;
    RunningServer server(config, stopped.clock());
    auto answers =
        all_at_once(server, burst(server.port, "203.0.113.7", "/assessments/new?audience=state",
                                  "/assessments", [](int) { return "audience=state"; }));
    EXPECT_EQ(answers[303], 3);
    EXPECT_EQ(answers[429], kBurst - 3);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM assessments"), 3);
    // And the wait is counted from the last one made: once it is over, one more.
    stopped.offset += 3;
    EXPECT_EQ(post_new_assessment(*from(server.port, "203.0.113.7")).status, 303);
    EXPECT_EQ(post_new_assessment(*from(server.port, "203.0.113.7")).status, 429);
}

// Sign-ups per address: the free ones make accounts, the rest are refused before any hashing.
TEST(RateLimitRace, ABurstOfSignUpsMakesExactlyTheFreeAccounts) {
    ServeConfig config = config_for_bursts();
    config.sign_ups_per_address = 3;
    FrozenClock stopped;
    RunningServer server(config, stopped.clock());
    auto answers =
        all_at_once(server, burst(server.port, "198.51.100.20", "/sign-up", "/sign-up", [](int i) {
                        // Letters only: "burst" and two more from i.
                        std::string name = "burst";
                        name += static_cast<char>('a' + i / 26);
                        name += static_cast<char>('a' + i % 26);
                        return "name=" + name + "&email=" + name +
                               "%40example.org&password=correct+horse+battery";
                    }));
    EXPECT_EQ(answers[303], 3);
    EXPECT_EQ(answers[429], kBurst - 3);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users"), 3);
}

// Wrong join codes: once the free misses are used up, one guess at a time, however many are
// sent together: of a burst, one is checked and the rest wait.
TEST(RateLimitRace, PastTheFreeMissesABurstOfJoinCodesGetsOneGuess) {
    FrozenClock stopped;
    RunningServer server(config_for_bursts(), stopped.clock());
    const int free = service::SessionLimits{}.wrong_codes_per_address;
    const std::string address = "192.0.2.44";
    auto guesser = from(server.port, address);
    for (int i = 0; i < free; ++i) EXPECT_EQ(join_session(*guesser, "000123").status, 404) << i;
    stopped.offset += 3;  // past the 2 s the first paid miss waits
    auto answers = all_at_once(
        server, burst(server.port, address, "/join", "/join", [](int) { return "code=000123"; }));
    EXPECT_EQ(answers[404], 1);
    EXPECT_EQ(answers[429], kBurst - 1);
    EXPECT_EQ(count(server,
                    "SELECT failures FROM sign_in_failures WHERE throttle_key = "
                    "'join-miss:192.0.2.44'"),
              free + 1);
}

// Wrong passwords: past the free failures, an address gets one password check per wait, however
// many it sends together (each check costs a password hash).
TEST(RateLimitRace, PastTheFreeFailuresABurstOfSignInsGetsOnePasswordCheck) {
    FrozenClock stopped;
    RunningServer server(config_for_bursts(), stopped.clock());
    post_sign_up(*from(server.port, "198.51.100.1"), "ada");
    const std::string address = "198.51.100.66";
    auto guesser = from(server.port, address);
    // Three failures cost nothing and the fourth is the first to cost a wait (2 s).
    for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in(*guesser, "ada", "guess").status, 400) << i;
    stopped.offset += 3;
    auto answers = all_at_once(server, burst(server.port, address, "/sign-in", "/sign-in", [](int) {
                                   return "email=ada%40example.org&password=guess";
                               }));
    EXPECT_EQ(answers[400], 1);
    EXPECT_EQ(answers[429], kBurst - 1);
    EXPECT_EQ(count(server,
                    "SELECT failures FROM sign_in_failures WHERE throttle_key = "
                    "'ip:198.51.100.66'"),
              5);
    // The owner, from an address with no failures, still signs in (ASVS 2.2.1).
    EXPECT_EQ(sign_in(*from(server.port, "198.51.100.1"), "ada", "correct+horse+battery").status,
              303);
}

}  // namespace cbe::testing
