// Reads an .xlsx workbook back with a reader that is not ours: openpyxl under /usr/bin/python3
// (Debian python3-openpyxl, in scripts/lib.sh TEST_PACKAGES). Shared by the unit and integration
// tests of the spreadsheet exports.
#pragma once

#include <stdlib.h>  // mkdtemp

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cbe::testing {

struct XlsxCell {
    boost::json::value value;  // a string, a number, null (empty), or a date as "2026-11-27"
    std::string type;          // openpyxl's data_type: "s" text, "n" number (dates too)
    bool is_date = false;      // a number shown through a date format
    std::string format;        // the number format, e.g. "d mmmm yyyy"
};

struct XlsxSheet {
    std::vector<std::string> sheet_names;
    std::string title;        // the workbook's document title
    std::string frozen_at;    // the top-left cell that scrolls ("A9"), empty when nothing frozen
    std::string auto_filter;  // the filtered range ("A8:H10"), empty when none
    std::vector<std::vector<XlsxCell>> rows;  // the first sheet, from A1

    // The first row whose first cell is `text` (a heading label or a column header), or none.
    std::optional<size_t> row_starting(const std::string& text) const {
        for (size_t r = 0; r < rows.size(); ++r) {
            if (!rows[r].empty() && rows[r][0].value.is_string() &&
                rows[r][0].value.as_string() == text) {
                return r;
            }
        }
        return std::nullopt;
    }
    // The column whose cell in row `header_row` is `name`, or none.
    std::optional<size_t> column(size_t header_row, const std::string& name) const {
        for (size_t c = 0; header_row < rows.size() && c < rows[header_row].size(); ++c) {
            const auto& v = rows[header_row][c].value;
            if (v.is_string() && v.as_string() == name) return c;
        }
        return std::nullopt;
    }
    const XlsxCell& at(size_t row, size_t col) const { return rows.at(row).at(col); }
};

inline bool openpyxl_available() {
    return std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0;
}

namespace detail {

inline constexpr const char* kReadScript = R"(import datetime, json, sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
rows = []
for row in sheet.iter_rows():
    cells = []
    for c in row:
        v = c.value
        if isinstance(v, datetime.datetime):
            v = v.date().isoformat()
        elif isinstance(v, datetime.date):
            v = v.isoformat()
        cells.append({"value": v, "type": c.data_type, "is_date": bool(c.is_date),
                      "format": c.number_format})
    rows.append(cells)
print(json.dumps({"sheets": book.sheetnames, "title": book.properties.title or "",
                  "frozen_at": sheet.freeze_panes or "", "auto_filter": sheet.auto_filter.ref or "",
                  "rows": rows}))
)";

}  // namespace detail

// Throws std::runtime_error when the bytes are not a workbook openpyxl can read.
inline XlsxSheet read_xlsx(const std::string& bytes) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "xlsx_reader.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    fs::path dir = pattern;
    std::ofstream(dir / "book.xlsx", std::ios::binary) << bytes;
    std::ofstream(dir / "read.py") << detail::kReadScript;
    std::string command = "/usr/bin/python3 " + (dir / "read.py").string() + " " +
                          (dir / "book.xlsx").string() + " 2>&1";
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
        pclose(pipe);
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    boost::system::error_code error;
    auto parsed = boost::json::parse(out, error);
    if (error || !parsed.is_object())
        throw std::runtime_error("openpyxl could not read it: " + out);
    const auto& o = parsed.as_object();
    XlsxSheet sheet;
    for (const auto& name : o.at("sheets").as_array()) {
        sheet.sheet_names.emplace_back(name.as_string());
    }
    sheet.title = o.at("title").as_string();
    sheet.frozen_at = o.at("frozen_at").as_string();
    sheet.auto_filter = o.at("auto_filter").as_string();
    for (const auto& row : o.at("rows").as_array()) {
        std::vector<XlsxCell> cells;
        for (const auto& c : row.as_array()) {
            const auto& cell = c.as_object();
            cells.push_back({cell.at("value"), std::string(cell.at("type").as_string()),
                             cell.at("is_date").as_bool(),
                             std::string(cell.at("format").as_string())});
        }
        sheet.rows.push_back(std::move(cells));
    }
    return sheet;
}

}  // namespace cbe::testing
