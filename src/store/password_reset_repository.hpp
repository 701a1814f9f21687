// Password resets by email: only each token's hash is kept; a token works once, before it
// expires. SQL beside it.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

class PasswordResetRepository {
  public:
    explicit PasswordResetRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    [[nodiscard]] Result<void> create(const std::string& token_hash, long long user_id,
                                      const std::string& now, const std::string& expires_at);
    // The user whose reset `token_hash` is, while it is unused and not expired at `now`;
    // kNotFound otherwise.
    [[nodiscard]] Result<long long> open_reset(const std::string& token_hash,
                                               const std::string& now);
    // In one transaction: uses the reset (only if still open at `now`), sets the user's
    // password, ends all their sessions and uses up their other open resets. Returns the user's
    // id; kNotFound when the reset was not open (expired, used, or never made).
    [[nodiscard]] Result<long long> use(const std::string& token_hash,
                                        const std::string& password_hash, const std::string& now);
    // Deletes resets that expired before `before` (housekeeping).
    [[nodiscard]] Result<void> purge(const std::string& before);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
