#include "assessment/school_year.hpp"

#include "core/text.hpp"

namespace cbe::assessment {

namespace {

constexpr std::string_view kEnDash = "\u2013";

// The value of `digits` when every character is a decimal digit; nullopt otherwise.
std::optional<int> number(std::string_view digits) {
    if (digits.empty()) return std::nullopt;
    int value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

bool is_school_year(std::string_view typed) {
    // A parser of the fixed shape rather than std::regex: no backtracking, no stack to overflow.
    if (typed.size() < 7 || typed.substr(0, 2) != "20") return false;
    std::string_view rest = typed.substr(4);
    if (rest.substr(0, 1) == "-") {
        rest.remove_prefix(1);
    } else if (rest.substr(0, kEnDash.size()) == kEnDash) {
        rest.remove_prefix(kEnDash.size());
    } else {
        return false;
    }
    auto first = number(typed.substr(0, 4));
    auto second = rest.size() == 2 ? number(rest) : std::nullopt;
    return first && second && (*first + 1) % 100 == *second;
}

std::optional<std::string> normalize_school_year(std::string_view typed) {
    std::string_view trimmed = text::trim(typed);
    if (!is_school_year(trimmed)) return std::nullopt;
    return std::string(trimmed.substr(0, 4)) + "-" +
           std::string(trimmed.substr(trimmed.size() - 2));
}

Result<std::string> validate_school_year(std::string_view typed) {
    if (text::trim(typed).empty()) return std::string();
    auto year = normalize_school_year(typed);
    if (!year) return fail_in("school_year", "assessment.school-year-invalid");
    return *year;
}

std::string school_year_of(std::string_view iso_date) {
    if (iso_date.size() < 7 || iso_date[4] != '-') return "";
    auto year = number(iso_date.substr(0, 4));
    auto month = number(iso_date.substr(5, 2));
    if (!year || !month || *month < 1 || *month > 12) return "";
    int first = *month >= 7 ? *year : *year - 1;  // July to June
    return std::to_string(first) + "-" + two_digits((first + 1) % 100);
}

}  // namespace cbe::assessment
