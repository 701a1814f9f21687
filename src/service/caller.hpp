// Who is asking, as far as a use case needs to know: the client's address (after the trusted
// proxy rule, see web/http.hpp) for throttling and the audit log. Protocol-free.
#pragma once

#include <functional>
#include <string>

namespace cbe::service {

struct Caller {
    std::string address;
    // True once the client has gone away (closed its connection): work still queued for it,
    // such as a password hash, is dropped instead of done for nobody. Empty: never gone.
    std::function<bool()> gone;

    bool has_gone() const { return gone && gone(); }
};

}  // namespace cbe::service
