// Emails that nobody waits for (password resets, invitations): queued and sent by one background
// thread, so the request answers at once — for a reset the same whether or not an email goes
// out — and a slow mail server never holds a request thread. Bounded: past `capacity` queued,
// new mail is dropped and logged. A failure is logged (kind and cause, never the link).
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "service/mailer.hpp"

namespace cbe::service {

class MailOutbox {
  public:
    explicit MailOutbox(std::shared_ptr<const Mailer> mailer, size_t capacity = 100);
    // Sends what is queued, then stops.
    ~MailOutbox();
    MailOutbox(const MailOutbox&) = delete;
    MailOutbox& operator=(const MailOutbox&) = delete;

    // Queues `mail`; false when the queue is full (it is dropped).
    bool post(Mail mail);
    // Blocks until the queue is empty and nothing is being sent (for tests and shutdown).
    void drain();

  private:
    void run();
    std::shared_ptr<const Mailer> mailer_;
    size_t capacity_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Mail> queue_;
    bool sending_ = false;
    bool stopping_ = false;
    std::thread worker_;  // last: starts once everything above is ready
};

}  // namespace cbe::service
