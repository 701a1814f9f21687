#include "service/join_code.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace cbe::service {

namespace {

constexpr uint32_t kCodeSpace = 1'000'000;  // 10^kJoinCodeDigits

// Separators a phone or a copy from a slide may put into a code: UTF-8 for the no-break space,
// the narrow no-break space (digit grouping in some locales), the hyphen, non-breaking hyphen,
// figure dash, en dash, em dash and minus sign.
constexpr std::array<std::string_view, 8> kWideSeparators{"\u00A0", "\u202F", "\u2010", "\u2011",
                                                          "\u2012", "\u2013", "\u2014", "\u2212"};

}  // namespace

std::string random_join_code() {
    uint32_t n = randombytes_uniform(kCodeSpace);
    std::string code(kJoinCodeDigits, '0');
    for (size_t i = kJoinCodeDigits; i-- > 0; n /= 10) code[i] = static_cast<char>('0' + n % 10);
    return code;
}

Result<std::string> unused_join_code(const std::function<bool(const std::string&)>& in_use) {
    for (int draw = 0; draw < kJoinCodeDraws; ++draw) {
        std::string code = random_join_code();
        if (!in_use(code)) return code;
    }
    return fail(ErrorCode::kUnavailable, "session.join-codes-exhausted");
}

Result<std::string> unused_join_code(const std::unordered_set<std::string>& in_use) {
    return unused_join_code([&in_use](const std::string& code) { return in_use.contains(code); });
}

Result<std::string> normalize_join_code(std::string_view typed) {
    std::string code;
    size_t i = 0;
    while (i < typed.size()) {
        char c = typed[i];
        if (c == ' ' || c == '\t' || c == '-') {
            ++i;
            continue;
        }
        bool wide = false;
        for (std::string_view separator : kWideSeparators) {
            if (typed.substr(i, separator.size()) == separator) {
                i += separator.size();
                wide = true;
                break;
            }
        }
        if (wide) continue;
        // Only ASCII digits: other scripts' digits would look right on screen but never match.
        if (c < '0' || c > '9' || code.size() == kJoinCodeDigits) {
            return fail(ErrorCode::kInvalidInput, "session.join-code-invalid");
        }
        code.push_back(c);
        ++i;
    }
    if (code.size() != kJoinCodeDigits) {
        return fail(ErrorCode::kInvalidInput, "session.join-code-invalid");
    }
    return code;
}

std::string display_join_code(std::string_view code) {
    if (code.size() != kJoinCodeDigits) return std::string(code);
    std::string shown(code.substr(0, 3));
    shown += ' ';
    shown += code.substr(3);
    return shown;
}

}  // namespace cbe::service
