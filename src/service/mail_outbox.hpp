// Emails that nobody waits for (password resets, invitations), kept in the outbox table
// (store/mail_outbox_repository.hpp) and sent by one background thread: the request answers at
// once — for a reset the same whether or not an email goes out — a slow mail server holds no
// request thread, queued mail survives a restart, and a failed delivery is tried again after a
// growing wait, then given up with a log line (docs/operations.md, "Email"). Bounded: past
// `capacity` waiting, new mail is refused and logged. Logs name the kind of email, never the
// link or the address.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "service/mailer.hpp"
#include "store/mail_outbox_repository.hpp"

namespace cbe::service {

// The waits after the first, second … failed try; after the last the mail is given up. About
// two hours in all, longer than the mail server restarts people plan, shorter than an
// invitation's week.
inline const std::vector<std::chrono::seconds> kMailRetryWaits = {
    std::chrono::minutes(1), std::chrono::minutes(5), std::chrono::minutes(15),
    std::chrono::minutes(30), std::chrono::minutes(60)};

class MailOutbox {
  public:
    struct Dependencies {
        std::shared_ptr<store::MailOutboxRepository> queue;
        std::shared_ptr<const Mailer> mailer;
        Clock clock = system_clock();
        long long capacity = 100;
        std::vector<std::chrono::seconds> retry_waits = kMailRetryWaits;
    };
    // `start`: run the sending thread (false: tests call deliver_due() themselves).
    explicit MailOutbox(Dependencies d, bool start = true);
    // Stops the thread: a delivery in progress is cut short and stays queued, due at once, for
    // the next start; so does everything else waiting.
    ~MailOutbox();
    MailOutbox(const MailOutbox&) = delete;
    MailOutbox& operator=(const MailOutbox&) = delete;

    // Queues `mail`; false when it could not be (the outbox is full, or the database failed).
    bool post(const Mail& mail);
    // Tries each mail due now (by the clock), one after another, until none is due or `stop` is
    // requested; returns how many tries it made.
    size_t deliver_due(const std::stop_token& stop = {});

  private:
    void run(const std::stop_token& stop);
    void failed(const store::QueuedMail& mail, const std::string& retry_at);
    std::chrono::milliseconds until_next() const;

    Dependencies d_;
    std::mutex mutex_;
    std::condition_variable_any posted_;
    bool pending_ = false;  // posted since the thread last looked
    std::jthread worker_;   // last: starts once everything above is ready
};

}  // namespace cbe::service
