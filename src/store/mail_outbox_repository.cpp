#include "store/mail_outbox_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

// The count and the insert are one statement: two requests cannot both take the last place.
constexpr const char* kAdd =
    "INSERT INTO mail_outbox (purpose, recipient, path, organization, role, hours, attempts, "
    "next_attempt_at, expires_at, created_at) "
    "SELECT :purpose, :recipient, :path, :organization, :role, :hours, 0, :now, :expires, :now2 "
    "WHERE (SELECT COUNT(*) FROM mail_outbox) < :capacity";
constexpr const char* kNextDue =
    "SELECT id, purpose, recipient, path, organization, role, hours, attempts, expires_at "
    "FROM mail_outbox WHERE next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT 1";
// Only if no one claimed it since it was read (its attempts are still those read).
constexpr const char* kClaim =
    "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :retry "
    "WHERE id = :id AND attempts = :attempts";
constexpr const char* kRelease =
    "UPDATE mail_outbox SET attempts = :attempts, next_attempt_at = :due WHERE id = :id";
constexpr const char* kRemove = "DELETE FROM mail_outbox WHERE id = :id";
constexpr const char* kNextTime = "SELECT MIN(next_attempt_at) FROM mail_outbox";

}  // namespace

Result<bool> MailOutboxRepository::add(const QueuedMail& mail, const std::string& now,
                                       long long capacity) {
    return detail::changed_one_row(*db_, "queueing an email", kAdd, mail.purpose, mail.recipient,
                                   mail.path, mail.organization, mail.role, mail.hours, now,
                                   mail.expires_at, now, capacity);
}

Result<std::optional<QueuedMail>> MailOutboxRepository::next_due(const std::string& now) {
    return with_session<std::optional<QueuedMail>>(
        *db_, "reading the outbox", [&](soci::session& sql) -> Result<std::optional<QueuedMail>> {
            QueuedMail m;
            sql << kNextDue, soci::use(now), soci::into(m.id), soci::into(m.purpose),
                soci::into(m.recipient), soci::into(m.path), soci::into(m.organization),
                soci::into(m.role), soci::into(m.hours), soci::into(m.attempts),
                soci::into(m.expires_at);
            if (!sql.got_data()) return std::optional<QueuedMail>();
            return std::optional<QueuedMail>(std::move(m));
        });
}

Result<bool> MailOutboxRepository::claim(const QueuedMail& mail, const std::string& retry_at) {
    return detail::changed_one_row(*db_, "claiming an email", kClaim, retry_at, mail.id,
                                   mail.attempts);
}

Result<void> MailOutboxRepository::release(const QueuedMail& mail, const std::string& when) {
    return detail::changed_one_row(*db_, "releasing an email", kRelease, mail.attempts, when,
                                   mail.id)
        .map([](bool) {});
}

Result<void> MailOutboxRepository::remove(long long id) {
    return detail::changed_one_row(*db_, "deleting a sent email", kRemove, id).map([](bool) {});
}

Result<std::optional<std::string>> MailOutboxRepository::next_time() {
    return with_session<std::optional<std::string>>(
        *db_, "reading the outbox", [&](soci::session& sql) -> Result<std::optional<std::string>> {
            std::string next;
            soci::indicator none = soci::i_ok;
            sql << kNextTime, soci::into(next, none);
            if (none != soci::i_ok) return std::optional<std::string>();
            return std::optional<std::string>(next);
        });
}

}  // namespace cbe::store
