// Issue 15, item 2, through the real server: password hashing is not done for a client that has
// gone. The one hashing place is held by a sign-up whose hash finishes when the test says;
// meanwhile a sign-up and a sign-in (with the right password) wait for the place, and their
// clients leave. When the place frees, neither is hashed for: the hasher counts both dropped,
// and neither made an account or a session. A client that stays is served as before.
//
// A client leaves by closing its connection with a reset (as a browser does that closes with an
// answer unread, or a phone that drops off the network): the server's probe sees it gone.
// Issue 20, item 14: a client that only shuts down its sending side after its request (a
// half-close, which HTTP allows) has not left: it still reads, and gets its real answer. Every
// wait is for a condition, bounded only so that a broken server fails the test instead of
// hanging it.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/password.hpp"
#include "integration/fixtures.hpp"

namespace cbe::testing {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Only there to keep a broken server from hanging the test; no step is expected to come near.
constexpr auto kHangGuard = std::chrono::minutes(2);

// The password whose hash waits for the test (as typed in the form, and as the server reads it).
constexpr const char* kHeldTyped = "hold+the+hasher+busy";
constexpr std::string_view kHeld = "hold the hasher busy";

// The hasher's work, with the hash of kHeld waiting until release(); others hash at once.
class HeldHash {
  public:
    Result<std::string> work(std::string_view password, const crypto::PasswordCost& cost) {
        if (password == kHeld) {
            std::unique_lock lock(mutex_);
            entered_ = true;
            changed_.notify_all();
            changed_.wait(lock, [this] { return open_; });
        }
        return crypto::hash_password(password, cost);
    }
    bool wait_until_entered() {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, kHangGuard, [this] { return entered_; });
    }
    void release() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool entered_ = false, open_ = false;
};

// Returns once `done()`; false if that never happens.
template <class Done>
bool wait_until(Done done) {
    auto guard = std::chrono::steady_clock::now() + kHangGuard;
    while (!done()) {
        if (std::chrono::steady_clock::now() > guard) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

// Returns once `n` calls wait for a hashing place; false if that never happens.
bool wait_until_waiting(const service::PasswordHasher& hasher, size_t n) {
    return wait_until([&] { return hasher.waiting() >= n; });
}

// How a client is done with its connection once its request waits for the hasher.
enum class Leaves {
    kReset,      // closes it, and the connection is reset: gone
    kHalfClose,  // shuts down its sending side only: still reading
};

// A visitor from `address`, with a connection of its own to post on and then leave.
class LeavingClient {
  public:
    LeavingClient(uint16_t port, const std::string& address)
        : page_(port), socket_(ioc_), address_(address) {
        page_.set_header("X-Forwarded-For", address);
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        timeval guard{std::chrono::duration_cast<std::chrono::seconds>(kHangGuard).count(), 0};
        setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
    }

    // The client's page, to sign it up or in before it posts.
    Client& page() { return page_; }

    // Opens `form`, posts it to `target` with `fields`, and leaves as `how` says once its
    // hashing call is the `queued`-th one waiting for a place.
    void post_and_leave(const std::string& form, const std::string& target,
                        const std::string& fields, const service::PasswordHasher& hasher,
                        size_t queued, Leaves how = Leaves::kReset) {
        ASSERT_EQ(page_.get(form).status, 200);
        const std::string body = "csrf=" + page_.csrf() + "&" + fields;
        const std::string request = "POST " + target +
                                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                    "X-Forwarded-For: " +
                                    address_ + "\r\nCookie: " + page_.cookie_header() +
                                    "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                    "Content-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body;
        asio::write(socket_, asio::buffer(request));
        ASSERT_TRUE(wait_until_waiting(hasher, queued)) << target << " never reached the hasher";
        if (how == Leaves::kHalfClose) {
            socket_.shutdown(tcp::socket::shutdown_send);
            return;
        }
        socket_.set_option(asio::socket_base::linger(true, 0));  // close() resets
        socket_.close();
    }

    // The status line the server answered, once it has finished with the connection.
    std::string answer_status() {
        std::string answer;
        boost::system::error_code ec;
        char chunk[4096];
        while (!ec) {
            size_t n = socket_.read_some(asio::buffer(chunk), ec);
            answer.append(chunk, n);
        }
        return answer.substr(0, answer.find("\r\n"));
    }

  private:
    Client page_;  // the form and its cookies, as a browser has them before it posts
    asio::io_context ioc_;
    tcp::socket socket_;
    std::string address_;
};

}  // namespace

TEST(GoneClients, HashingForASignUpAndASignInWhoseClientsLeftWhileWaitingIsDropped) {
    auto hasher = std::make_shared<service::PasswordHasher>(crypto::minimum_cost(), 1, 4);
    HeldHash held;
    hasher->set_work_for_tests([&](std::string_view password, const crypto::PasswordCost& cost) {
        return held.work(password, cost);
    });
    RunningServer server(behind_proxy(), system_clock(), hasher);
    long long ada = sign_up(server, *from(server.port, "198.51.100.1"), "ada");
    ASSERT_EQ(count(server, "SELECT COUNT(*) FROM sessions"), 1);

    // The one place, held by a sign-up.
    int holder_status = 0;
    std::thread holder([&] {
        auto c = from(server.port, "198.51.100.2");
        c->get("/sign-up");
        holder_status =
            post_form(*c, "/sign-up",
                      "name=holder&email=holder%40example.org&password=" + std::string(kHeldTyped))
                .status;
    });
    if (!held.wait_until_entered()) {
        held.release();
        holder.join();
        FAIL() << "the held sign-up never reached the hasher";
    }

    LeavingClient signing_up(server.port, "203.0.113.1");
    signing_up.post_and_leave("/sign-up", "/sign-up",
                              "name=leaver&email=leaver%40example.org&password=correct+horse+"
                              "battery",
                              *hasher, 1);
    LeavingClient signing_in(server.port, "203.0.113.2");
    signing_in.post_and_leave("/sign-in", "/sign-in",
                              "email=ada%40example.org&password=correct+horse+battery", *hasher, 2);
    EXPECT_EQ(hasher->dropped(), 0u);

    held.release();
    holder.join();
    // Both had their turn after their clients left: nothing was hashed or checked for them.
    EXPECT_TRUE(wait_until([&] { return hasher->dropped() >= 2; }));
    EXPECT_EQ(hasher->dropped(), 2u);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users WHERE email = 'leaver@example.org'"), 0);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM sessions WHERE user_id = " + std::to_string(ada)),
              1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM audit_log WHERE event = 'sign-in'"), 0);
    // A dropped check is not a wrong password: nothing counts against the account or address.
    EXPECT_EQ(count(server,
                    "SELECT COUNT(*) FROM sign_in_failures WHERE failures > 0 AND "
                    "throttle_key NOT LIKE 'sign-up:%'"),
              0);

    // The client that stayed was served, and so is the next one.
    EXPECT_EQ(holder_status, 303);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users WHERE email = 'holder@example.org'"), 1);
    EXPECT_EQ(sign_in(*from(server.port, "198.51.100.3"), "ada", "correct+horse+battery").status,
              303);
    EXPECT_EQ(hasher->dropped(), 2u);
}

// Issue 20, item 14: sign-up, sign-in and a password change whose clients half-close while
// their hash waits are answered as if they had stayed: the hash is done, and each client reads
// its real answer.
TEST(GoneClients, AClientThatHalfClosesAfterItsRequestGetsItsRealAnswer) {
    auto hasher = std::make_shared<service::PasswordHasher>(crypto::minimum_cost(), 1, 4);
    HeldHash held;
    hasher->set_work_for_tests([&](std::string_view password, const crypto::PasswordCost& cost) {
        return held.work(password, cost);
    });
    RunningServer server(behind_proxy(), system_clock(), hasher);
    long long ada = sign_up(server, *from(server.port, "198.51.100.1"), "ada");
    LeavingClient changing(server.port, "203.0.113.3");
    sign_up(server, changing.page(), "cleo");

    int holder_status = 0;
    std::thread holder([&] {
        auto c = from(server.port, "198.51.100.2");
        c->get("/sign-up");
        holder_status =
            post_form(*c, "/sign-up",
                      "name=holder&email=holder%40example.org&password=" + std::string(kHeldTyped))
                .status;
    });
    if (!held.wait_until_entered()) {
        held.release();
        holder.join();
        FAIL() << "the held sign-up never reached the hasher";
    }

    LeavingClient signing_up(server.port, "203.0.113.1");
    signing_up.post_and_leave("/sign-up", "/sign-up",
                              "name=stayer&email=stayer%40example.org&password=correct+horse+"
                              "battery",
                              *hasher, 1, Leaves::kHalfClose);
    LeavingClient signing_in(server.port, "203.0.113.2");
    signing_in.post_and_leave("/sign-in", "/sign-in",
                              "email=ada%40example.org&password=correct+horse+battery", *hasher, 2,
                              Leaves::kHalfClose);
    changing.post_and_leave("/account", "/account/password",
                            "current_password=correct+horse+battery&new_password=a+new+long+"
                            "passphrase",
                            *hasher, 3, Leaves::kHalfClose);

    held.release();
    holder.join();
    EXPECT_EQ(holder_status, 303);
    EXPECT_EQ(signing_up.answer_status(), "HTTP/1.1 303 See Other");
    EXPECT_EQ(signing_in.answer_status(), "HTTP/1.1 303 See Other");
    EXPECT_EQ(changing.answer_status(), "HTTP/1.1 303 See Other");
    EXPECT_EQ(hasher->dropped(), 0u);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM users WHERE email = 'stayer@example.org'"), 1);
    EXPECT_EQ(count(server, "SELECT COUNT(*) FROM sessions WHERE user_id = " + std::to_string(ada)),
              2);
    // The new password is the one that works now.
    EXPECT_EQ(sign_in(*from(server.port, "198.51.100.4"), "cleo", "a+new+long+passphrase").status,
              303);
}

}  // namespace cbe::testing
