#include "report/csv.hpp"

namespace cbe::report {

namespace {
// Characters that end a field or a row for some spreadsheet import: the comma, the semicolon
// that locales with a decimal comma use instead, tab, and the line breaks (an importer that does
// not honour quotes splits on all of them).
constexpr std::string_view kCsvSeparators = ",;\t\r\n";
// A field beginning with one of these is run as a formula (OWASP "CSV injection").
constexpr std::string_view kFormulaStarts = "=+-@\t\r";

}  // namespace

// Every part of the text that some importer could take as a field of its own (its start, and
// whatever follows a separator) is defused when it would begin a formula, with an apostrophe,
// which spreadsheets read as "this is text". One rule for CSV and XLSX: a workbook saved again
// as CSV, or a cell pasted as tab-separated text, is cut at the same characters.
std::string defused_text(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 1);
    bool part_starts = true;
    for (char c : value) {
        if (part_starts && kFormulaStarts.find(c) != std::string_view::npos) out += '\'';
        out += c;
        part_starts = kCsvSeparators.find(c) != std::string_view::npos;
    }
    return out;
}

// A text cell, always quoted (RFC 4180), its quotes doubled.
std::string csv_cell(std::string_view value) {
    std::string out = "\"";
    for (char c : defused_text(value)) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace cbe::report
