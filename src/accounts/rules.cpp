#include "accounts/rules.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace cbe::accounts {

namespace {
size_t chars(std::string_view s) { return text::utf8_length(s); }
}  // namespace

namespace {

constexpr size_t kMaxLocalPartChars = 64;  // RFC 5321, 4.5.3.1.1
constexpr size_t kMaxLabelChars = 63;      // RFC 1035, 2.3.4

// RFC 5322 "atext" and '.': the characters of a dot-atom local part. Quoted local parts are left
// out on purpose: they allow spaces and controls, and no one is given such an address today.
bool local_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
}

// dot-atom: no empty atom (no leading, trailing or doubled dot).
bool dot_atom(std::string_view s) {
    return !s.empty() && s.front() != '.' && s.back() != '.' &&
           s.find("..") == std::string_view::npos && std::all_of(s.begin(), s.end(), local_char);
}

// A host name of at least two labels of letters, digits and inner hyphens (RFC 1035 and 5321;
// an international name is written in its xn-- form).
bool host_name(std::string_view s) {
    auto labels = text::split(s, '.');
    if (labels.size() < 2) return false;
    return std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
        return !label.empty() && label.size() <= kMaxLabelChars && label.front() != '-' &&
               label.back() != '-' && std::all_of(label.begin(), label.end(), [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
               });
    });
}

}  // namespace

Result<std::string> normalize_email(std::string_view email) {
    std::string value = text::to_lower(text::trim(email));
    auto at = value.find('@');
    std::string_view whole(value);
    bool valid = value.size() <= kMaxEmailChars && at != std::string::npos &&
                 at <= kMaxLocalPartChars && dot_atom(whole.substr(0, at)) &&
                 host_name(whole.substr(at + 1));
    if (!valid) return fail_in("email", "account.email-invalid");
    return value;
}

Result<std::string> validate_name(std::string_view name) {
    std::string value(text::trim(name));
    if (value.empty()) return fail_in("name", "account.name-missing");
    if (!text::is_valid_utf8(value) || chars(value) > kMaxNameChars) {
        return fail_in("name", "account.name-too-long");
    }
    if (text::has_hidden_characters(value, text::TextShape::kLine)) {
        return fail_in("name", "text.hidden-characters");
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
