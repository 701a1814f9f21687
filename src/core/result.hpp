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
// `number` is a value the message names (seconds to wait, a count). `field` is the name of the
// form field the error is about ("note"), set where the input is checked, so a page marks that
// field without reading the key; empty when it is about no one field.
struct Error {
    Error(ErrorCode c, std::string m, long long n = 0)
        : code(c), message(std::move(m)), number(n) {}
    ErrorCode code;
    std::string message;
    long long number = 0;
    std::string field;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

// Invalid input in one form field.
inline tl::unexpected<Error> fail_in(std::string field, std::string message) {
    Error error{ErrorCode::kInvalidInput, std::move(message)};
    error.field = std::move(field);
    return tl::unexpected<Error>(std::move(error));
}

}  // namespace cbe
