#include "store/password_reset_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

constexpr const char* kInsert =
    "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
    "VALUES (:hash, :user, :now, :expires)";
constexpr const char* kOpen =
    "SELECT user_id FROM password_resets "
    "WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now";
// The one statement that decides a reset's single use: two requests racing with one token
// cannot both match `used_at IS NULL`.
constexpr const char* kUse =
    "UPDATE password_resets SET used_at = :now "
    "WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now2 RETURNING user_id";
constexpr const char* kSetPassword = "UPDATE users SET password_hash = :hash WHERE id = :id";
constexpr const char* kEndSessions = "DELETE FROM sessions WHERE user_id = :user";
constexpr const char* kUseOthers =
    "UPDATE password_resets SET used_at = :now WHERE user_id = :user AND used_at IS NULL";
constexpr const char* kPurge = "DELETE FROM password_resets WHERE expires_at < :before";

}  // namespace

Result<void> PasswordResetRepository::create(const std::string& token_hash, long long user_id,
                                             const std::string& now,
                                             const std::string& expires_at) {
    return with_session<void>(*db_, "creating a password reset",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kInsert, soci::use(token_hash), soci::use(user_id),
                                      soci::use(now), soci::use(expires_at);
                                  return {};
                              });
}

Result<long long> PasswordResetRepository::open_reset(const std::string& token_hash,
                                                      const std::string& now) {
    return with_session<long long>(
        *db_, "reading a password reset", [&](soci::session& sql) -> Result<long long> {
            long long user_id = 0;
            sql << kOpen, soci::use(token_hash), soci::use(now), soci::into(user_id);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "password-reset.gone");
            return user_id;
        });
}

Result<long long> PasswordResetRepository::use(const std::string& token_hash,
                                               const std::string& password_hash,
                                               const std::string& now) {
    return with_session<long long>(
        *db_, "resetting a password", [&](soci::session& sql) -> Result<long long> {
            soci::transaction tx(sql);
            long long user_id = 0;
            sql << kUse, soci::use(now), soci::use(token_hash), soci::use(now), soci::into(user_id);
            if (!sql.got_data()) return fail(ErrorCode::kNotFound, "password-reset.gone");
            sql << kSetPassword, soci::use(password_hash), soci::use(user_id);
            sql << kEndSessions, soci::use(user_id);
            sql << kUseOthers, soci::use(now), soci::use(user_id);
            tx.commit();
            return user_id;
        });
}

Result<void> PasswordResetRepository::purge(const std::string& before) {
    return with_session<void>(*db_, "deleting old password resets",
                              [&](soci::session& sql) -> Result<void> {
                                  sql << kPurge, soci::use(before);
                                  return {};
                              });
}

}  // namespace cbe::store
