// Numbered schema migrations (migrations/<engine>/NNNN_name.sql), applied by `roadmap migrate`.
#pragma once

#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

// The newest schema this binary understands. A database newer than this is refused.
inline constexpr int kSchemaVersion = 11;

[[nodiscard]] Result<int> schema_version(Database& db);
// Applies, in order and each in its own transaction, every migration in `dir` newer than the
// database, up to `target` (tests stop earlier to check that later migrations keep data).
// Returns the version reached.
[[nodiscard]] Result<int> migrate(Database& db, const std::string& dir,
                                  int target = kSchemaVersion);
// Ok when the database is exactly at kSchemaVersion; otherwise says what to do.
[[nodiscard]] Result<void> check_schema(Database& db);

}  // namespace cbe::store
