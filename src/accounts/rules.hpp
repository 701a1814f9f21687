// Account rules (pure): what counts as a valid email, name and password, and sign-in
// throttling. Documented in docs/accounts.md.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cbe::accounts {

inline constexpr size_t kMinPasswordChars = 8;    // NIST SP 800-63B: at least 8
inline constexpr size_t kMaxPasswordChars = 256;  // long passphrases welcome
inline constexpr size_t kMaxEmailChars = 254;
inline constexpr size_t kMaxNameChars = 120;

// Trimmed and lower-cased; kInvalidInput when it is not an address of RFC 5322's dot-atom form
// (ASCII letters, digits and !#$%&'*+-/=?^_`{|}~ in dot-separated atoms) at a host name: no
// space, control or invisible character can make a second address look like the first.
[[nodiscard]] Result<std::string> normalize_email(std::string_view email);
// Trimmed, one line of visible text (text::TextShape::kLine), at most kMaxNameChars.
[[nodiscard]] Result<std::string> validate_name(std::string_view name);
// Length only (in characters), no composition rules, as NIST SP 800-63B advises; the password
// may not be the email address itself.
[[nodiscard]] Result<void> validate_password(std::string_view password, std::string_view email);

// How long a key (an account or an address) must wait before its next sign-in attempt after
// `failures` failures in a row: nothing for the first 3, then 2 s, 4 s, 8 s … up to 15 minutes.
std::chrono::seconds throttle_delay(int failures);

}  // namespace cbe::accounts
