#include "core/password.hpp"

#include <sodium.h>

namespace cbe::crypto {

PasswordCost interactive_cost() {
    return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordCost minimum_cost() {
    return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

Result<std::string> hash_password(std::string_view password, const PasswordCost& cost) {
    char out[crypto_pwhash_argon2id_STRBYTES];
    if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), cost.ops,
                                   cost.memory_bytes) != 0) {
        return fail(ErrorCode::kUnavailable, "not enough memory to hash the password");
    }
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
    if (hash.rfind("$argon2id$", 0) != 0) return false;
    return crypto_pwhash_argon2id_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace cbe::crypto
