#include "report/dates.hpp"

#include <array>
#include <chrono>
#include <optional>

#include "core/clock.hpp"

namespace cbe::report {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

struct Parts {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    bool has_time = false;
};

// The value of text[at, at + width) when every character is a digit.
std::optional<int> digits(std::string_view text, size_t at, size_t width) {
    if (at + width > text.size()) return std::nullopt;
    int value = 0;
    for (size_t i = at; i < at + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in(int year, int month) {
    constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : kDays.at(static_cast<size_t>(month - 1));
}

// "YYYY-MM-DD", or that followed by "THH:MM:SS", optional fractional seconds, and "Z".
std::optional<Parts> parse(std::string_view text) {
    Parts p;
    auto year = digits(text, 0, 4);
    auto month = digits(text, 5, 2);
    auto day = digits(text, 8, 2);
    if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
    p.year = *year;
    p.month = *month;
    p.day = *day;
    if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > days_in(p.year, p.month)) {
        return std::nullopt;
    }
    if (text.size() == 10) return p;
    auto hour = digits(text, 11, 2);
    auto minute = digits(text, 14, 2);
    auto second = digits(text, 17, 2);
    if (text[10] != 'T' || !hour || !minute || !second || text[13] != ':' || text[16] != ':' ||
        *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    size_t end = 19;
    if (end < text.size() && text[end] == '.') {
        ++end;
        size_t fraction = end;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        if (end == fraction) return std::nullopt;
    }
    if (end + 1 != text.size() || text[end] != 'Z') return std::nullopt;
    p.hour = *hour;
    p.minute = *minute;
    p.has_time = true;
    return p;
}

std::string two_digits(int value) {
    return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

std::string date_words(const Parts& p) {
    return std::to_string(p.day) + " " + std::string(kMonths.at(static_cast<size_t>(p.month - 1))) +
           " " + std::to_string(p.year);
}

}  // namespace

std::string readable_date(std::string_view iso) {
    auto parts = parse(iso);
    return parts ? date_words(*parts) : std::string(iso);
}

std::optional<CalendarDate> calendar_date(std::string_view iso) {
    auto parts = parse(iso);
    if (!parts) return std::nullopt;
    return CalendarDate{parts->year, parts->month, parts->day};
}

std::string readable_date_time(std::string_view iso) {
    auto parts = parse(iso);
    if (!parts || !parts->has_time) return std::string(iso);
    return date_words(*parts) + ", " + two_digits(parts->hour) + ":" + two_digits(parts->minute) +
           " UTC";
}

std::optional<long long> minutes_between(std::string_view from, std::string_view to) {
    auto start = parse_iso8601(std::string(from));
    auto end = parse_iso8601(std::string(to));
    if (!start || !end || *end < *start) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::minutes>(*end - *start).count();
}

}  // namespace cbe::report
