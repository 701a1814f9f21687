// Runs one unit of database work on a leased session; a database exception becomes a logged
// kUnavailable error, so repositories never throw. Shared by the repositories' .cpp files.
#pragma once

#include <soci/soci.h>

#include <string>

#include "store/database.hpp"

namespace cbe::store::detail {

template <typename T, typename Work>
[[nodiscard]] Result<T> with_session(Database& db, const char* what, Work work) {
    auto lease = db.lease();
    if (!lease) return tl::unexpected(lease.error());
    try {
        return work(lease->session());
    } catch (const std::exception& e) {
        return tl::unexpected(database_error(what, e));
    }
}

// Runs one statement meant to change a single row, with `values` bound in order; true when it
// changed one (false: its WHERE clause matched nothing).
template <typename... Values>
[[nodiscard]] Result<bool> changed_one_row(Database& db, const char* what, const std::string& query,
                                           const Values&... values) {
    return with_session<bool>(db, what, [&](soci::session& sql) -> Result<bool> {
        soci::statement st = ((sql.prepare << query), ..., soci::use(values));
        st.execute(true);
        return st.get_affected_rows() == 1;
    });
}

}  // namespace cbe::store::detail
