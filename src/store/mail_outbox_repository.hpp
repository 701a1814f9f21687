// Email waiting to be sent (the outbox table): added by requests, claimed for a try, then deleted
// by the outbox's thread once sent or given up. SQL in mail_outbox_repository.cpp; schema in
// migrations/sqlite/0012_mail_outbox.sql. Times are iso8601() text, which sorts as time.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

struct QueuedMail {
    long long id = 0;
    std::string purpose;  // "password-reset" or "invitation"
    std::string recipient;
    std::string path;
    std::string organization;
    std::string role;
    long long hours = 0;
    int attempts = 0;  // tries made so far
    std::string expires_at;
};

class MailOutboxRepository {
  public:
    explicit MailOutboxRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // Adds `mail`, due at once, unless `capacity` mails wait already (false then: not added).
    [[nodiscard]] Result<bool> add(const QueuedMail& mail, const std::string& now,
                                   long long capacity);
    // The mail due first at `now`, if any.
    [[nodiscard]] Result<std::optional<QueuedMail>> next_due(const std::string& now);
    // Claims `mail` for one try: one more attempt, and due again at `retry_at` should this try
    // never finish. False when another process claimed it since it was read.
    [[nodiscard]] Result<bool> claim(const QueuedMail& mail, const std::string& retry_at);
    // A try cut short (the server stopping): due at `when` again, its attempt not counted.
    [[nodiscard]] Result<void> release(const QueuedMail& mail, const std::string& when);
    [[nodiscard]] Result<void> remove(long long id);
    // When the next mail is due; nullopt when none waits.
    [[nodiscard]] Result<std::optional<std::string>> next_time();

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
