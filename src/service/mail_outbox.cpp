#include "service/mail_outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace cbe::service {

namespace {

// Longest the thread sleeps with nothing posted: mail another process queued is seen by then.
constexpr std::chrono::seconds kLongestSleep{30};
// Shortest: a mail due but not tried (the database failed) is not retried in a busy loop.
constexpr std::chrono::seconds kShortestSleep{1};

// With its article, for log lines: "gave up on an invitation email".
const char* kind_name(MailKind kind) {
    return kind == MailKind::kPasswordReset ? "a password reset" : "an invitation";
}

const char* purpose_of(MailKind kind) {
    return kind == MailKind::kPasswordReset ? "password-reset" : "invitation";
}

Mail mail_of(const store::QueuedMail& queued) {
    MailKind kind =
        queued.purpose == "invitation" ? MailKind::kInvitation : MailKind::kPasswordReset;
    return Mail{kind,        queued.recipient, queued.path, queued.organization,
                queued.role, queued.hours};
}

}  // namespace

MailOutbox::MailOutbox(Dependencies d, bool start) : d_(std::move(d)) {
    if (start) worker_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

MailOutbox::~MailOutbox() {
    if (worker_.joinable()) {
        worker_.request_stop();  // wakes the thread and cuts a delivery short (Mailer::send)
        worker_.join();
    }
}

bool MailOutbox::post(const Mail& mail) {
    auto now = d_.clock();
    store::QueuedMail queued{0,
                             purpose_of(mail.kind),
                             mail.to,
                             mail.path,
                             mail.organization,
                             mail.role,
                             mail.hours,
                             0,
                             iso8601(now + std::chrono::hours(mail.hours))};
    auto added = d_.queue->add(queued, iso8601(now), d_.capacity);
    if (!added) {
        spdlog::error("email: {} email could not be queued: {}", kind_name(mail.kind),
                      added.error().message);
        return false;
    }
    if (!*added) {
        spdlog::warn("email: the outbox is full ({} waiting); {} email was dropped", d_.capacity,
                     kind_name(mail.kind));
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    posted_.notify_all();
    return true;
}

size_t MailOutbox::deliver_due(const std::stop_token& stop) {
    size_t tries = 0;
    while (!stop.stop_requested()) {
        auto now = d_.clock();
        auto due = d_.queue->next_due(iso8601(now));
        if (!due || !*due) break;  // none due, or the database failed: the next round retries
        const store::QueuedMail& mail = **due;
        const char* kind = kind_name(mail_of(mail).kind);
        if (mail.expires_at <= iso8601(now)) {
            (void)d_.queue->remove(mail.id);
            spdlog::error("email: gave up on {} email after {} tries: its link has expired", kind,
                          mail.attempts);
            continue;
        }
        // Claimed before the try, due again after its wait: a process that dies while sending
        // leaves the mail to be tried then.
        size_t wait_index = std::min(static_cast<size_t>(mail.attempts), d_.retry_waits.size() - 1);
        std::string retry_at = iso8601(now + d_.retry_waits[wait_index]);
        auto claimed = d_.queue->claim(mail, retry_at);
        if (!claimed) break;
        if (!*claimed) continue;  // another process took it
        ++tries;
        if (d_.mailer->send(mail_of(mail), stop)) {
            (void)d_.queue->remove(mail.id);
            continue;
        }
        if (stop.stop_requested()) {
            (void)d_.queue->release(mail, iso8601(now));
            spdlog::info(
                "email: {} email was cut short by the shutdown; it is sent after the "
                "restart",
                kind);
            break;
        }
        failed(mail, retry_at);
    }
    return tries;
}

void MailOutbox::failed(const store::QueuedMail& mail, const std::string& retry_at) {
    const char* kind = kind_name(mail_of(mail).kind);
    size_t made = static_cast<size_t>(mail.attempts) + 1;
    size_t allowed = d_.retry_waits.size() + 1;
    if (made >= allowed) {
        (void)d_.queue->remove(mail.id);
        spdlog::error("email: gave up on {} email after {} tries; the person can ask for it again",
                      kind, made);
        return;
    }
    // The mailer logged the cause; this says what happens next.
    spdlog::warn("email: {} email was not sent (try {} of {}); trying again at {}", kind, made,
                 allowed, retry_at);
}

// How long the thread may sleep: until the next mail is due, within the bounds above.
std::chrono::milliseconds MailOutbox::until_next() const {
    auto next = d_.queue->next_time();
    if (!next || !*next) return kLongestSleep;
    auto at = parse_iso8601(**next);
    if (!at) return kLongestSleep;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*at - d_.clock());
    return std::clamp<std::chrono::milliseconds>(wait, kShortestSleep, kLongestSleep);
}

void MailOutbox::run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        deliver_due(stop);
        auto wait = until_next();
        std::unique_lock lock(mutex_);
        posted_.wait_for(lock, stop, wait, [this] { return pending_; });
        pending_ = false;
    }
}

}  // namespace cbe::service
