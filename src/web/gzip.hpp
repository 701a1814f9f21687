// gzip compression (zlib): bodies prepared once (assets, cached pages) and dynamic responses.
#pragma once

#include <string>
#include <string_view>

namespace cbe::web {

// zlib's levels run from 1 (fastest) to 9 (smallest); -1 is its default (6), for bodies
// compressed once. Per request, 4: on a 33 KB search page and a 55 KB resource list it took
// half the time of 6 for 3-4% more bytes (and came out 10% smaller than 1).
inline constexpr int kDynamicGzipLevel = 4;
std::string gzip(std::string_view data, int level = -1);

}  // namespace cbe::web
