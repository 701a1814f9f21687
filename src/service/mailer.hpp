// Email as the use cases see it: what to tell whom (a kind and its facts), not words or
// protocol. The composition root picks the Mailer (SMTP in web/smtp_mailer.hpp, none when
// email is not configured, a fake in tests); MailOutbox sends off the request's thread.
#pragma once

#include <stop_token>
#include <string>

#include "core/result.hpp"

namespace cbe::service {

enum class MailKind {
    kPasswordReset,  // `path` resets the password; it expires in `hours`
    kInvitation,     // `path` joins `organization` as `role`; it expires in `hours`
};

struct Mail {
    MailKind kind = MailKind::kPasswordReset;
    std::string to;
    std::string path;  // a path on this site ("/password-reset/…"); the mailer makes it absolute
    std::string organization;
    std::string role;
    long long hours = 0;
};

class Mailer {
  public:
    Mailer() = default;
    virtual ~Mailer() = default;
    Mailer(const Mailer&) = delete;
    Mailer& operator=(const Mailer&) = delete;
    // Delivers `mail` to the SMTP server before returning, within the mailer's time limit, or
    // gives up early once `stop` is requested (the server is stopping). kUnavailable
    // "email.not-sent" when it could not (the cause of a failure is logged by the mailer,
    // without secrets; a stop is not a failure and is not logged).
    [[nodiscard]] virtual Result<void> send(const Mail& mail,
                                            const std::stop_token& stop) const = 0;
};

}  // namespace cbe::service
