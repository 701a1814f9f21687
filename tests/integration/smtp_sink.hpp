// A real SMTP server on loopback for the email tests: Debian's aiosmtpd (python3-aiosmtpd),
// started on a free port with its Mailbox handler, which writes every message it accepts into
// a Maildir that the test reads back.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cbe::testing {

class SmtpSink {
  public:
    SmtpSink();  // returns once the server accepts connections
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    uint16_t port() const { return port_; }
    // Every delivered message (headers and body), oldest first.
    std::vector<std::string> messages() const;
    // Waits until at least `count` messages have arrived (or `limit` passed) and returns them
    // all. Waiting, not measuring: the limit only keeps a broken test from hanging.
    std::vector<std::string> wait_for(size_t count,
                                      std::chrono::seconds limit = std::chrono::seconds(30)) const;

  private:
    std::filesystem::path dir_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

// A port nothing listens on (bound once, then released), for tests of a failed delivery.
uint16_t closed_port();

}  // namespace cbe::testing
