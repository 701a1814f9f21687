// QR codes as inline SVG (libqrencode), e.g. a team session's join link shown on a projector.
#pragma once

#include <string>
#include <string_view>

namespace cbe::report {

// An <svg> element showing `text` as a QR code: error correction level M (about 15% of the
// symbol may be lost), a quiet zone of 4 modules, the dark modules as one <path> with one
// rectangle per horizontal run, on a white square. The viewBox counts modules and there is no
// width or height, so CSS sizes it; shape-rendering="crispEdges" keeps module edges sharp.
// role="img" with `accessible_label` (escaped) as aria-label and <title>. Contains no style
// attribute and no script, so the Content-Security-Policy allows it inline.
// Throws std::invalid_argument when `text` holds a NUL byte, std::length_error when it is too
// long for any QR code (about 2,300 bytes at level M): callers pass short links they made.
std::string qr_svg(std::string_view text, std::string_view accessible_label);

}  // namespace cbe::report
