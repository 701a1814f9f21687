// Result<T>: the one way expected failures travel, with a protocol-free error code.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace cbe {

enum class ErrorCode {
    kInvalidInput,
    kNotFound,
    kConflict,
    kUnauthorized,
    kForbidden,
    kTooLarge,
    kRateLimited,  // too many attempts: try again later
    kUnavailable,
    kInternal,
};

// `message` is a message key ("account.bad-credentials") that web/ turns into words through its
// one message table; lower layers may still carry a plain description, which is logged.
// `number` is a value the message names (seconds to wait, a count).
struct Error {
    Error(ErrorCode c, std::string m, long long n = 0)
        : code(c), message(std::move(m)), number(n) {}
    ErrorCode code;
    std::string message;
    long long number = 0;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace cbe
