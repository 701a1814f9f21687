// Spreadsheet-safe text: one rule for every export (CSV and XLSX) against formula injection.
#pragma once

#include <string>
#include <string_view>

namespace cbe::report {

// Text people typed, made safe for any spreadsheet cell (CSV and XLSX): an apostrophe before its
// start and before every part after a separator (, ; tab CR LF) that would otherwise begin a
// formula (OWASP "CSV injection"), so each reads as text. docs/security.md, "Exports".
std::string defused_text(std::string_view value);

// A CSV text cell: defused_text, always quoted (RFC 4180).
std::string csv_cell(std::string_view value);

}  // namespace cbe::report
