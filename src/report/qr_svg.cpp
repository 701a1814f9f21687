#include "report/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include "core/text.hpp"

namespace cbe::report {

namespace {

// The quiet zone the QR code standard asks for around the symbol, in modules.
constexpr int kQuietZone = 4;

// Text for an XML attribute value or element content.
std::string escape_xml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    text::append_markup_escaped(out, text);
    return out;
}

struct FreeQrCode {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_svg(std::string_view text, std::string_view accessible_label) {
    if (text.find('\0') != std::string_view::npos) {
        throw std::invalid_argument("qr_svg: text holds a NUL byte");
    }
    const std::string input(text);
    // Version 0: the smallest symbol that holds the text. QR_MODE_8 with case sensitivity: runs of
    // digits or capitals get their compact modes, everything else is 8-bit bytes as given.
    std::unique_ptr<QRcode, FreeQrCode> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code) throw std::length_error("qr_svg: text does not fit a QR code");

    const int width = code->width;
    const int size = width + 2 * kQuietZone;
    const std::string label = escape_xml(accessible_label);
    const std::string extent = std::to_string(size);

    std::string svg;
    svg.reserve(static_cast<size_t>(width) * static_cast<size_t>(width) * 4 + 512);
    svg += R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )";
    svg += extent + " " + extent;
    svg += R"(" role="img" aria-label=")" + label + R"(" shape-rendering="crispEdges">)";
    svg += "<title>" + label + "</title>";
    // White behind the code, so it scans on a dark page and in dark mode.
    svg += R"(<rect width=")" + extent + R"(" height=")" + extent + R"(" fill="#fff"/>)";
    svg += R"(<path fill="#000" d=")";
    const unsigned char* modules = code->data;
    for (int y = 0; y < width; ++y) {
        const unsigned char* row = modules + static_cast<ptrdiff_t>(y) * width;
        int x = 0;
        while (x < width) {
            // libqrencode: bit 0 of each byte is the module's colour (1 = dark).
            if ((row[x] & 1U) == 0) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (row[x + run] & 1U) != 0) ++run;
            const std::string length = std::to_string(run);
            svg += 'M';
            svg += std::to_string(x + kQuietZone);
            svg += ' ';
            svg += std::to_string(y + kQuietZone);
            svg += 'h';
            svg += length;
            svg += "v1h-";
            svg += length;
            svg += 'z';
            x += run;
        }
    }
    svg += R"("/></svg>)";
    return svg;
}

}  // namespace cbe::report
