// Who is asking, as far as a use case needs to know: the client's address (after the trusted
// proxy rule, see web/http.hpp) for throttling and the audit log. Protocol-free.
#pragma once

#include <string>

namespace cbe::service {

struct Caller {
    std::string address;
};

}  // namespace cbe::service
