// Runs one unit of database work on a leased session; a database exception becomes a logged
// kUnavailable error, so repositories never throw. Shared by the repositories' .cpp files.
#pragma once

#include <soci/soci.h>

#include "store/database.hpp"

namespace cbe::store::detail {

template <typename T, typename Work>
Result<T> with_session(Database& db, const char* what, Work work) {
    auto lease = db.lease();
    if (!lease) return tl::unexpected(lease.error());
    try {
        return work(lease->session());
    } catch (const std::exception& e) {
        return tl::unexpected(database_error(what, e));
    }
}

}  // namespace cbe::store::detail
