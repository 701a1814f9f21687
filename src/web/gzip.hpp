// gzip compression (zlib) for bodies prepared once: assets and cached pages.
#pragma once

#include <string>
#include <string_view>

namespace cbe::web {

std::string gzip(std::string_view data);

}  // namespace cbe::web
