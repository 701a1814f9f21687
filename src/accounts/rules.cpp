#include "accounts/rules.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace cbe::accounts {

namespace {
size_t chars(std::string_view s) { return text::utf8_length(s); }
}  // namespace

Result<std::string> normalize_email(std::string_view email) {
    std::string value = text::to_lower(text::trim(email));
    auto at = value.find('@');
    bool plausible = !value.empty() && value.size() <= kMaxEmailChars && at != std::string::npos &&
                     at > 0 && value.find('@', at + 1) == std::string::npos &&
                     value.find('.', at) != std::string::npos && value.back() != '.' &&
                     value.find_first_of(" \t\r\n<>\"") == std::string::npos &&
                     text::is_valid_utf8(value);
    if (!plausible) {
        return fail(ErrorCode::kInvalidInput, "account.email-invalid");
    }
    return value;
}

Result<std::string> validate_name(std::string_view name) {
    std::string value(text::trim(name));
    if (value.empty()) return fail(ErrorCode::kInvalidInput, "account.name-missing");
    if (!text::is_valid_utf8(value) || chars(value) > kMaxNameChars) {
        return fail(ErrorCode::kInvalidInput, "account.name-too-long");
    }
    return value;
}

Result<void> validate_password(std::string_view password, std::string_view email) {
    if (!text::is_valid_utf8(password)) {
        return fail(ErrorCode::kInvalidInput, "account.password-not-text");
    }
    size_t n = chars(password);
    if (n < kMinPasswordChars) {
        return fail(ErrorCode::kInvalidInput, "account.password-too-short");
    }
    if (n > kMaxPasswordChars) {
        return fail(ErrorCode::kInvalidInput, "account.password-too-long");
    }
    if (!email.empty() && text::to_lower(password) == text::to_lower(email)) {
        return fail(ErrorCode::kInvalidInput, "account.password-is-email");
    }
    return {};
}

std::chrono::seconds throttle_delay(int failures) {
    if (failures <= 3) return std::chrono::seconds(0);
    int exponent = std::min(failures - 3, 10);  // 2^10 = 1024 s > 15 min: capped below
    return std::chrono::seconds(std::min(1 << exponent, 15 * 60));
}

}  // namespace cbe::accounts
