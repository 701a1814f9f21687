// Password hashing with argon2id (libsodium). The hash string carries its own parameters.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cbe::crypto {

struct PasswordCost {
    unsigned long long ops;
    size_t memory_bytes;
};
// libsodium's "interactive" limits: 2 passes over 64 MiB, tens of milliseconds per hash.
PasswordCost interactive_cost();
// The smallest allowed limits, for tests only.
PasswordCost minimum_cost();

[[nodiscard]] Result<std::string> hash_password(std::string_view password,
                                                const PasswordCost& cost);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace cbe::crypto
