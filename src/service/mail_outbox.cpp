#include "service/mail_outbox.hpp"

#include <spdlog/spdlog.h>

namespace cbe::service {

namespace {
const char* kind_name(MailKind kind) {
    return kind == MailKind::kPasswordReset ? "password reset" : "invitation";
}
}  // namespace

MailOutbox::MailOutbox(std::shared_ptr<const Mailer> mailer, size_t capacity)
    : mailer_(std::move(mailer)), capacity_(capacity), worker_([this] { run(); }) {}

MailOutbox::~MailOutbox() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    worker_.join();
}

bool MailOutbox::post(Mail mail) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= capacity_) {
            spdlog::warn("email: the outbox is full; a {} email was dropped", kind_name(mail.kind));
            return false;
        }
        queue_.push_back(std::move(mail));
    }
    changed_.notify_all();
    return true;
}

void MailOutbox::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return queue_.empty() && !sending_; });
}

void MailOutbox::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued was sent
        Mail mail = std::move(queue_.front());
        queue_.pop_front();
        sending_ = true;
        lock.unlock();
        // The mailer logs the cause; this names which kind of email it was.
        if (auto sent = mailer_->send(mail); !sent) {
            spdlog::warn("email: a {} email was not sent", kind_name(mail.kind));
        }
        lock.lock();
        sending_ = false;
        changed_.notify_all();
    }
}

}  // namespace cbe::service
