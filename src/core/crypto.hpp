// Secrets (libsodium): unguessable tokens, their one-way hashes, constant-time comparison.
#pragma once

#include <string>
#include <string_view>

namespace cbe::crypto {

// Must run once before any other function here (idempotent, thread-safe).
void init();
// 32 random bytes as URL-safe base64 without padding (43 characters).
std::string new_token();
// BLAKE2b-256 of `token` as lowercase hex: what the database keeps instead of the token.
std::string token_hash(std::string_view token);
bool equal_constant_time(std::string_view a, std::string_view b);
// 8 hex characters from a keyed hash of `text`, the key random per process: the same text gives
// the same tag within one run (to follow one link through a log), and the tag cannot be turned
// back into the text or checked against a guess without the key.
std::string short_tag(std::string_view text);
// True when `token` looks like one new_token() made (length and alphabet).
bool looks_like_token(std::string_view token);

}  // namespace cbe::crypto
