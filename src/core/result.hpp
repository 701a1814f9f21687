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
    kUnavailable,
    kInternal,
};

struct Error {
    ErrorCode code;
    std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace cbe
