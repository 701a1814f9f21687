#include "accounts/rules.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace cbe::accounts {

namespace {
size_t chars(std::string_view s) {
    return static_cast<size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
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
        return fail(ErrorCode::kInvalidInput, "Enter an email address like name@example.org.");
    }
    return value;
}

Result<std::string> validate_name(std::string_view name) {
    std::string value(text::trim(name));
    if (value.empty()) return fail(ErrorCode::kInvalidInput, "Enter your name.");
    if (!text::is_valid_utf8(value) || chars(value) > kMaxNameChars) {
        return fail(ErrorCode::kInvalidInput, "Enter a name of at most 120 characters.");
    }
    return value;
}

Result<void> validate_password(std::string_view password, std::string_view email) {
    if (!text::is_valid_utf8(password)) {
        return fail(ErrorCode::kInvalidInput,
                    "The password contains characters that are not valid text.");
    }
    size_t n = chars(password);
    if (n < kMinPasswordChars) {
        return fail(ErrorCode::kInvalidInput,
                    "Use a password of at least 8 characters. A few words "
                    "you can remember make a strong one.");
    }
    if (n > kMaxPasswordChars) {
        return fail(ErrorCode::kInvalidInput, "Use a password of at most 256 characters.");
    }
    if (!email.empty() && text::to_lower(password) == text::to_lower(email)) {
        return fail(ErrorCode::kInvalidInput, "Do not use your email address as your password.");
    }
    return {};
}

std::chrono::seconds throttle_delay(int failures) {
    if (failures <= 3) return std::chrono::seconds(0);
    int exponent = std::min(failures - 3, 10);  // 2^10 = 1024 s > 15 min: capped below
    return std::chrono::seconds(std::min(1 << exponent, 15 * 60));
}

}  // namespace cbe::accounts
