// gzip for responses rendered per request (cached pages and assets carry a gzip variant made
// once; see Site::cached and StaticAssets).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/http.hpp"

namespace cbe::web {

// Bodies smaller than this are sent as they are: a packet or two either way, and gzip's header
// and the CPU would cost more than they save.
inline constexpr size_t kMinGzipBytes = 1024;

// Compresses `response` in place when the client accepts gzip and it is worth it: a text or
// JSON body of kMinGzipBytes or more, not yet encoded, not an event stream (those are written
// as they happen, never buffered). Adds `Vary: Accept-Encoding` to every response it could
// compress, so shared caches keep the two forms apart.
//
// BREACH: compressing a secret together with text an attacker can put in the same response
// lets them guess the secret from the compressed length. The secret such pages hold is the CSRF
// token (forms re-rendered with what was typed reflect input beside it), so a response whose
// body holds one of `secrets` (the caller's token, and one this response sets) is sent
// uncompressed. Pages with forms are small; the large dynamic pages (results, search, filtered
// lists) hold no token. Cookies themselves travel in headers, which HTTP/1.1 never compresses.
void compress_if_worthwhile(Response& response, const Request& request,
                            const std::vector<std::string>& secrets);

// The value `response` sets for cookie `name` (its full name, prefix included), or empty.
std::string cookie_set_by(const Response& response, std::string_view name);

}  // namespace cbe::web
