// The access log: one line a request, as text or JSON. It never holds a secret: private
// assessment links and invitation tokens are path segments, so the path is logged as its route
// pattern with only non-secret parameters filled in, the query is left out, and a short keyed
// tag of the whole target lets an operator follow one address through a run.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "web/http.hpp"

namespace cbe::web {

// Route parameters whose values are not written to the log: every one but the few known to
// hold content ids or row numbers (bearer links above all; a new parameter is secret until
// listed).
bool is_secret_parameter(std::string_view name);

// "/elements/tech.mastery-tracking", "/a/{token}/results"; "(unmatched)" for paths no route
// knows (a mistyped private link is still a secret). Values written out are cut at 160 bytes,
// with control characters, spaces and '%' percent-encoded (no forged lines).
std::string loggable_path(const Request& request);

struct AccessEntry {
    std::string_view method;
    std::string path;  // from loggable_path
    std::string tag;   // crypto::short_tag of the target
    int status = 0;
    size_t bytes = 0;
    int64_t micros = 0;
};

// JSON (true) or text (false); set once at start-up.
void set_access_log_json(bool json);
std::string format_access(const AccessEntry& entry, bool json);
void log_access(const AccessEntry& entry);

}  // namespace cbe::web
