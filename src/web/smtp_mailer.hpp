// The real Mailer: writes each email from the message table (plain text, UTF-8) and delivers it
// to the configured SMTP server with libcurl, within the configured time limit. A failure is
// logged with libcurl's reason only — never the password, the link or the message.
#pragma once

#include <string>

#include "core/config.hpp"
#include "service/mailer.hpp"

namespace cbe::web {

class SmtpMailer : public service::Mailer {
  public:
    // `public_base`: the site's address ("https://roadmap.example.org"), the base of links.
    SmtpMailer(SmtpConfig config, std::string public_base);
    [[nodiscard]] Result<void> send(const service::Mail& mail,
                                    const std::stop_token& stop) const override;

  private:
    SmtpConfig config_;
    std::string public_base_;
};

// The message as sent (headers and body, CRLF line ends), for `mail` from `from`; `date` in
// RFC 5322 form. Separate so a test can read what would be sent without a server.
std::string compose_email(const service::Mail& mail, const std::string& from,
                          const std::string& public_base, const std::string& date,
                          const std::string& message_id);

}  // namespace cbe::web
