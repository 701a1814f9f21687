#include "report/detail/xlsx_sheet.hpp"

#include <stdlib.h>  // mkdtemp
#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

#include "report/csv.hpp"

namespace cbe::report::detail {

namespace {

namespace fs = std::filesystem;

// Excel keeps at most this many characters in a cell; libxlsxwriter refuses longer strings.
constexpr size_t kMaxCellBytes = 32767;
// USWDS "base-lighter": the header row's background.
constexpr lxw_color_t kHeaderBackground = 0xDFE1E2;

// A directory only this process can read, removed with everything in it when the writer is done
// (also when writing fails), so no export outlives its request on disk.
class PrivateDirectory {
  public:
    PrivateDirectory() {
        std::string pattern = (fs::temp_directory_path() / "cbe-xlsx-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary directory for a spreadsheet");
        }
        path_ = pattern;
    }
    ~PrivateDirectory() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    PrivateDirectory(const PrivateDirectory&) = delete;
    PrivateDirectory& operator=(const PrivateDirectory&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

// Defused text with its line breaks as spreadsheets write them (LF: a browser sends CRLF) and
// without the control characters no spreadsheet shows (the file format would carry them as
// "_x0007_"), cut to Excel's cell limit without splitting a UTF-8 sequence.
std::string cell_text(const std::string& value) {
    std::string defused = defused_text(value);
    std::string text;
    for (size_t i = 0; i < defused.size(); ++i) {
        char c = defused[i];
        if (c == '\r') {
            if (i + 1 < defused.size() && defused[i + 1] == '\n') continue;
            c = '\n';
        }
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') text += c;
    }
    if (text.size() <= kMaxCellBytes) return text;
    size_t end = kMaxCellBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
    return text;
}

struct Formats {
    lxw_format* title = nullptr;
    lxw_format* label = nullptr;
    lxw_format* header = nullptr;
    lxw_format* cell = nullptr;
    lxw_format* wrapped = nullptr;
    lxw_format* date = nullptr;
};

Formats make_formats(lxw_workbook* book) {
    Formats f;
    f.title = workbook_add_format(book);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.label = workbook_add_format(book);
    format_set_bold(f.label);
    format_set_align(f.label, LXW_ALIGN_VERTICAL_TOP);
    f.header = workbook_add_format(book);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    format_set_bg_color(f.header, kHeaderBackground);
    f.cell = workbook_add_format(book);
    format_set_align(f.cell, LXW_ALIGN_VERTICAL_TOP);
    f.wrapped = workbook_add_format(book);
    format_set_text_wrap(f.wrapped);
    format_set_align(f.wrapped, LXW_ALIGN_VERTICAL_TOP);
    f.date = workbook_add_format(book);
    format_set_num_format(f.date, "d mmmm yyyy");
    format_set_align(f.date, LXW_ALIGN_LEFT);
    format_set_align(f.date, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

void write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Cell& value,
                lxw_format* text_format, const Formats& f) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        // Text of only spaces and line breaks says nothing: an empty cell, as on the page.
        if (text->find_first_not_of(" \t\r\n") != std::string::npos) {
            worksheet_write_string(sheet, row, col, cell_text(*text).c_str(), text_format);
        }
    } else if (const auto* number = std::get_if<double>(&value)) {
        worksheet_write_number(sheet, row, col, *number, f.cell);
    } else if (const auto* date = std::get_if<CalendarDate>(&value)) {
        lxw_datetime when{date->year, date->month, date->day, 0, 0, 0.0};
        worksheet_write_datetime(sheet, row, col, &when, f.date);
    }
}

// Writes the heading from the first row; returns the row of the table's header.
lxw_row_t write_heading(lxw_worksheet* ws, const Sheet& sheet, const Formats& f) {
    lxw_row_t row = 0;
    worksheet_write_string(ws, row++, 0, cell_text(sheet.title).c_str(), f.title);
    for (const auto& line : sheet.heading) {
        worksheet_write_string(ws, row, 0, cell_text(line.label).c_str(), f.label);
        write_cell(ws, row++, 1, line.value, f.cell, f);
    }
    return row + 1;  // a blank row between the heading and the table
}

void write_table(lxw_worksheet* ws, const Sheet& sheet, lxw_row_t header, const Formats& f) {
    const auto last_col = static_cast<lxw_col_t>(sheet.columns.size() - 1);
    // The heading's labels sit in the first column, beside their values: wide enough for them.
    double first_width = sheet.columns[0].width;
    for (const auto& line : sheet.heading) {
        first_width = std::max(first_width, static_cast<double>(line.label.size()) + 2);
    }
    for (lxw_col_t c = 0; c <= last_col; ++c) {
        const Column& column = sheet.columns[c];
        worksheet_set_column(ws, c, c, c == 0 ? first_width : column.width,
                             column.wrap ? f.wrapped : f.cell);
        worksheet_write_string(ws, header, c, cell_text(column.header).c_str(), f.header);
    }
    lxw_row_t row = header + 1;
    for (const auto& cells : sheet.rows) {
        for (size_t c = 0; c < cells.size() && c <= last_col; ++c) {
            write_cell(ws, row, static_cast<lxw_col_t>(c), cells[c],
                       sheet.columns[c].wrap ? f.wrapped : f.cell, f);
        }
        ++row;
    }
    lxw_row_t last_row = sheet.rows.empty() ? header : row - 1;
    worksheet_autofilter(ws, header, 0, last_row, last_col);
    // Scrolling keeps the heading and the column names in view; printing repeats the names.
    worksheet_freeze_panes(ws, header + 1, 0);
    worksheet_repeat_rows(ws, header, header);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw std::runtime_error("cannot read a written spreadsheet");
    return bytes;
}

}  // namespace

std::string write_xlsx(const Sheet& sheet) {
    if (sheet.columns.empty()) throw std::logic_error("a spreadsheet needs columns");
    PrivateDirectory dir;
    std::string file = (dir.path() / "export.xlsx").string();
    std::string tmp = dir.path().string();
    lxw_workbook_options options{};
    options.tmpdir = tmp.data();
    lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
    if (book == nullptr) throw std::runtime_error("cannot start a spreadsheet");
    std::string title = cell_text(sheet.title);
    lxw_doc_properties properties{};
    properties.title = title.data();
    workbook_set_properties(book, &properties);
    Formats formats = make_formats(book);
    lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
    if (ws == nullptr) {
        workbook_close(book);
        throw std::runtime_error("cannot add the worksheet \"" + sheet.name + "\"");
    }
    write_table(ws, sheet, write_heading(ws, sheet, formats), formats);
    if (lxw_error error = workbook_close(book); error != LXW_NO_ERROR) {
        throw std::runtime_error(std::string("cannot write a spreadsheet: ") + lxw_strerror(error));
    }
    return read_all(file);
}

}  // namespace cbe::report::detail
