// SIGTERM while an email is being delivered to a mail server that never answers: the server
// stops cleanly (exit status 0, no crash from a line logged after the log stopped), the email
// stays queued, and after a restart it reaches a mail server that works.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "integration/fixtures.hpp"
#include "integration/server_process.hpp"
#include "integration/smtp_sink.hpp"
#include "store/database.hpp"

namespace cbe::testing {

namespace {

// A mail server that never answers: connections wait in its backlog, never greeted.
class HungMailServer {
  public:
    HungMailServer() {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listener_, 16) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("no port for the hung mail server");
        }
        port_ = ntohs(addr.sin_port);
    }
    ~HungMailServer() { ::close(listener_); }
    HungMailServer(const HungMailServer&) = delete;
    HungMailServer& operator=(const HungMailServer&) = delete;
    uint16_t port() const { return port_; }
    // Waits until a client has connected (a connection waits in the backlog). Waiting, not
    // measuring: the limit only keeps a broken test from hanging.
    bool wait_for_connection() const {
        pollfd waiting{listener_, POLLIN, 0};
        return ::poll(&waiting, 1, 120000) == 1;
    }

  private:
    int listener_ = -1;
    uint16_t port_ = 0;
};

std::vector<std::string> email_to(uint16_t port) {
    // A time limit far longer than the steps between connecting and stopping: only the shutdown
    // ends the delivery.
    return {
        "--smtp-host", "127.0.0.1",   "--smtp-port",         std::to_string(port),     "--smtp-tls",
        "none",        "--smtp-from", "roadmap@example.org", "--smtp-timeout-seconds", "30"};
}

long long queued(const ServerProcess& server) {
    auto db = store::Database::open_sqlite((server.data_dir() / "roadmap.db").string(), 1).value();
    auto lease = db->lease().value();
    long long n = 0;
    lease.session() << "SELECT COUNT(*) FROM mail_outbox", soci::into(n);
    return n;
}

}  // namespace

TEST(MailShutdown, AStopDuringADeliveryToAHungServerKeepsTheMailForTheRestart) {
    HungMailServer hung;
    ServerProcess server(email_to(hung.port()));
    Client ada(server.port());
    ASSERT_EQ(post_sign_up(ada, "ada").status, 303);
    Client forgot(server.port());
    forgot.get("/password-reset");
    ASSERT_EQ(post_form(forgot, "/password-reset", "email=ada%40example.org").status, 303);
    ASSERT_TRUE(hung.wait_for_connection());  // the delivery is under way

    int status = server.stop();
    std::string log = server.log();
    ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status) << ":\n" << log;
    EXPECT_EQ(WEXITSTATUS(status), 0) << log;
    EXPECT_NE(log.find("cut short by the shutdown"), std::string::npos) << log;
    EXPECT_EQ(queued(server), 1);

    SmtpSink sink;
    server.restart(email_to(sink.port()));
    auto messages = sink.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_FALSE(first_match(messages[0], std::string("/password-reset/") + kToken).empty());
    EXPECT_NE(messages[0].find("To: ada@example.org"), std::string::npos);
    EXPECT_EQ(WEXITSTATUS(server.stop()), 0);
    EXPECT_EQ(queued(server), 0);
}

}  // namespace cbe::testing
