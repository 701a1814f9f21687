// The school year a placement describes, written "2026-27": checking what someone typed, and
// the year a placement made on a given date most likely describes. Shared by self-assessments
// and team sessions so both accept exactly the same spellings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cbe::assessment {

// "2026-27" (or with an en dash, "2026–27"): two consecutive years from 2000 on, the second
// written with two digits. Surrounding spaces are not accepted; callers trim first.
bool is_school_year(std::string_view typed);

// The spelling we store: the en dash replaced by a hyphen; nullopt when `typed` (trimmed) is not
// a school year.
std::optional<std::string> normalize_school_year(std::string_view typed);

// An assessment's optional school year as typed: "" when left empty, else the stored spelling;
// kInvalidInput "assessment.school-year-invalid" when it is not a school year.
[[nodiscard]] Result<std::string> validate_school_year(std::string_view typed);

// The school year a placement made on `iso_date` ("2026-11-27…") describes. US school years
// run July to June, so from July on it is the year starting then ("2026-27"), before July the
// one that started the previous July ("2025-26"). Empty when `iso_date` is not a date.
std::string school_year_of(std::string_view iso_date);

}  // namespace cbe::assessment
