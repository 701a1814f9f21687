// The view model of /search: ranked, highlighted results of one query across the site.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "report/search_index.hpp"

namespace cbe::report {

// At most this many results are listed; the page says how many more there are.
inline constexpr size_t kMaxSearchResults = 50;

// The kind named by a /search `kind` value ("element", …); nullopt when it names none.
std::optional<SearchKind> search_kind(std::string_view id);

// `query` is cut to kMaxSearchChars characters first (the page says so); `kind` narrows the
// results to one kind (nullopt: all). An empty query, or one of only common words, gives a page
// that explains what to type.
boost::json::object search_model(const SearchIndex& index, std::string_view query,
                                 std::optional<SearchKind> kind);

}  // namespace cbe::report
