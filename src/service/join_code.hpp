// Join codes for team sessions: six random digits, read off a projector and typed on a phone.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.hpp"

namespace cbe::service {

inline constexpr size_t kJoinCodeDigits = 6;
// Draws before unused_join_code gives up. With a million codes and at most thousands of open
// sessions, one draw in a hundred or fewer collides; 32 collisions in a row means the space is
// nearly full (or `in_use` is wrong), and trying forever would hang the request.
inline constexpr int kJoinCodeDraws = 32;

// Six digits, each of the million codes equally likely (libsodium's randombytes_uniform, so no
// modulo bias); leading zeros are kept: a code is text, never a number. crypto::init() first.
std::string random_join_code();

// A random code for which `in_use` answers false; kUnavailable ("session.join-codes-exhausted")
// when kJoinCodeDraws draws in a row were all in use.
[[nodiscard]] Result<std::string> unused_join_code(
    const std::function<bool(const std::string&)>& in_use);
[[nodiscard]] Result<std::string> unused_join_code(const std::unordered_set<std::string>& in_use);

// The code in what a participant typed: spaces and dashes anywhere are dropped ("123 456",
// "123-456", a pasted "123 456" with a no-break space or an en dash). kInvalidInput
// ("session.join-code-invalid") for anything but exactly six ASCII digits after that.
[[nodiscard]] Result<std::string> normalize_join_code(std::string_view typed);

// "123 456": a code as shown large on the projector, in two groups of three so it is easy to read
// aloud and to copy. normalize_join_code accepts it back.
std::string display_join_code(std::string_view code);

}  // namespace cbe::service
