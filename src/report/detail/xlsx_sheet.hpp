// One worksheet written as an .xlsx workbook with libxlsxwriter: a heading block (title and
// label/value lines), a table with a header row, typed cells. Shared by the spreadsheet exports
// in report/spreadsheets.cpp; nothing else needs libxlsxwriter.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "report/dates.hpp"

namespace cbe::report::detail {

// A cell's value, written with its type: text, a number, or a calendar date (a real date cell,
// shown "27 November 2026"). std::monostate: an empty cell, which a spreadsheet reads as no data.
using Cell = std::variant<std::monostate, std::string, double, CalendarDate>;

struct Column {
    std::string header;
    double width = 12;  // in characters of the default font
    bool wrap = false;  // long text (notes): wrapped within the width
};

// A line of the heading above the table: "Organization | Lincoln County Schools".
struct HeadingLine {
    std::string label;
    Cell value;
};

struct Sheet {
    std::string name;   // the worksheet's tab; at most 31 characters, none of []:*?/\ .
    std::string title;  // the first row, in large bold type
    std::vector<HeadingLine> heading;
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;  // each at most columns.size() cells
};

// The bytes of a workbook holding `sheet`. Every text cell (heading values too) goes through
// report::defused_text first, so nothing typed into the app runs as a formula. The heading and
// the table's header row are frozen, the header row has a filter and repeats on printed pages.
// libxlsxwriter writes only files: the workbook is assembled in a private temporary directory
// (mode 0700) that is removed before returning. Throws std::runtime_error when it cannot be
// written (an environment failure, e.g. a full disk).
std::string write_xlsx(const Sheet& sheet);

}  // namespace cbe::report::detail
