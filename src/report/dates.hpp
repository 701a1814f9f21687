// Dates for people to read: the store's ISO 8601 UTC strings as "27 November 2026".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cbe::report {

// "2026-11-27T10:02:46Z" (or "2026-11-27") -> "27 November 2026". The date is the UTC date.
// Text that is not such a date comes back unchanged, so nothing a page shows is ever lost.
std::string readable_date(std::string_view iso);

// "2026-11-27T10:02:46Z" -> "27 November 2026, 10:02 UTC": for logs, where the time matters.
// Text that is not such a timestamp comes back unchanged.
std::string readable_date_time(std::string_view iso);

// A day of the calendar, for exports that write real dates (a spreadsheet's date cells).
struct CalendarDate {
    int year = 0;
    int month = 0;  // 1 to 12
    int day = 0;    // 1 to 31
};

// The UTC date of "2026-11-27T10:02:46Z" or "2026-11-27"; none for anything else.
std::optional<CalendarDate> calendar_date(std::string_view iso);

// Whole minutes from one ISO 8601 UTC timestamp to a later one; nullopt when either is not
// such a timestamp or `to` is earlier.
std::optional<long long> minutes_between(std::string_view from, std::string_view to);

}  // namespace cbe::report
