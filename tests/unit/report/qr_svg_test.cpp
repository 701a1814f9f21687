#include "report/qr_svg.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace cbe::report {
namespace {

constexpr int kQuiet = 4;

// The side of the viewBox, from `viewBox="0 0 N N"`; 0 when absent or not square.
int view_box_side(const std::string& svg) {
    int width = 0;
    int height = 0;
    size_t at = svg.find("viewBox=\"0 0 ");
    if (at == std::string::npos ||
        std::sscanf(svg.c_str() + at, "viewBox=\"0 0 %d %d\"", &width, &height) != 2 ||
        width != height) {
        return 0;
    }
    return width;
}

// The dark modules the path draws, as (x, y) in viewBox units. Fails the test on anything but
// the "Mx yhNv1h-Nz" runs qr_svg writes. Parsed by hand: std::regex recurses per character and
// overflows the stack on a large symbol's path under AddressSanitizer.
std::set<std::pair<int, int>> dark_modules(const std::string& svg) {
    const std::string open = "<path fill=\"#000\" d=\"";
    size_t start = svg.find(open);
    EXPECT_NE(start, std::string::npos);
    if (start == std::string::npos) return {};
    start += open.size();
    size_t end = svg.find('"', start);
    EXPECT_NE(end, std::string::npos);
    std::string d = svg.substr(start, end - start);
    std::set<std::pair<int, int>> dark;
    size_t at = 0;
    while (at < d.size()) {
        int x = 0;
        int y = 0;
        int across = 0;
        int back = 0;
        int used = 0;
        if (std::sscanf(d.c_str() + at, "M%d %dh%dv1h-%dz%n", &x, &y, &across, &back, &used) != 4 ||
            used == 0) {
            ADD_FAILURE() << "unexpected path data at " << at << ": " << d.substr(at, 20);
            break;
        }
        EXPECT_EQ(across, back);
        for (int i = 0; i < across; ++i) dark.insert({x + i, y});
        at += static_cast<size_t>(used);
    }
    return dark;
}

// A finder pattern's 7×7 square with its top-left module at (left, top): dark ring, light ring,
// dark 3×3 centre.
bool finder_at(const std::set<std::pair<int, int>>& dark, int left, int top) {
    for (int dy = 0; dy < 7; ++dy) {
        for (int dx = 0; dx < 7; ++dx) {
            bool ring = dx == 0 || dx == 6 || dy == 0 || dy == 6;
            bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
            if (dark.contains({left + dx, top + dy}) != (ring || centre)) return false;
        }
    }
    return true;
}

std::string opening_tag(const std::string& svg) { return svg.substr(0, svg.find('>') + 1); }

bool on_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

bool have(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    pclose(pipe);
    return out;
}

// A folder of this process's own, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "qr_svg_test.XXXXXX");
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace

TEST(QrSvg, IsOneSvgElementSizedByCss) {
    std::string svg = qr_svg("https://roadmap.example.org/join", "Join code QR");
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" ", 0), 0u) << svg;
    EXPECT_TRUE(svg.ends_with("</svg>"));
    std::string tag = opening_tag(svg);
    EXPECT_NE(tag.find("role=\"img\""), std::string::npos);
    EXPECT_NE(tag.find("aria-label=\"Join code QR\""), std::string::npos);
    EXPECT_NE(tag.find("shape-rendering=\"crispEdges\""), std::string::npos);
    EXPECT_EQ(tag.find(" width="), std::string::npos) << "CSS sizes it";
    EXPECT_EQ(tag.find(" height="), std::string::npos) << "CSS sizes it";
    EXPECT_NE(svg.find("<title>Join code QR</title>"), std::string::npos);
    EXPECT_EQ(svg.find("style"), std::string::npos) << "the CSP forbids inline style";
    // Exactly one path and one background square.
    EXPECT_EQ(svg.find("<path"), svg.rfind("<path"));
    EXPECT_EQ(svg.find("<rect"), svg.rfind("<rect"));
}

TEST(QrSvg, ViewBoxIsTheSymbolPlusAFourModuleQuietZone) {
    for (const std::string& text :
         {std::string("1"), std::string("https://roadmap.example.org/join"),
          std::string(300, 'x')}) {
        std::string svg = qr_svg(text, "code");
        int side = view_box_side(svg);
        int symbol = side - 2 * kQuiet;
        ASSERT_GE(symbol, 21) << text;
        EXPECT_EQ((symbol - 17) % 4, 0) << "a QR symbol is 17 + 4 × version modules wide";
        EXPECT_NE(svg.find("<rect width=\"" + std::to_string(side) + "\" height=\"" +
                           std::to_string(side) + "\" fill=\"#fff\"/>"),
                  std::string::npos);

        auto dark = dark_modules(svg);
        for (const auto& [x, y] : dark) {
            EXPECT_TRUE(x >= kQuiet && x < kQuiet + symbol && y >= kQuiet && y < kQuiet + symbol)
                << "module in the quiet zone at " << x << "," << y;
        }
        // The three finder patterns sit in the symbol's corners, inside the quiet zone.
        EXPECT_TRUE(finder_at(dark, kQuiet, kQuiet));
        EXPECT_TRUE(finder_at(dark, kQuiet + symbol - 7, kQuiet));
        EXPECT_TRUE(finder_at(dark, kQuiet, kQuiet + symbol - 7));
        EXPECT_FALSE(finder_at(dark, kQuiet + symbol - 7, kQuiet + symbol - 7));
    }
}

TEST(QrSvg, MergesHorizontalRuns) {
    std::string svg = qr_svg("https://roadmap.example.org/join", "code");
    // The top row of the symbol starts with a finder pattern's 7 dark modules: one run.
    EXPECT_NE(svg.find("M4 4h7v1h-7z"), std::string::npos) << svg;
}

TEST(QrSvg, EscapesTheLabel) {
    std::string svg = qr_svg("x", R"(Join <b>"Team" & 'Co'</b>)");
    const std::string escaped = "Join &lt;b&gt;&quot;Team&quot; &amp; &#39;Co&#39;&lt;/b&gt;";
    EXPECT_NE(opening_tag(svg).find("aria-label=\"" + escaped + "\""), std::string::npos) << svg;
    EXPECT_NE(svg.find("<title>" + escaped + "</title>"), std::string::npos) << svg;
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_EQ(svg.find("\"Team"), std::string::npos);
}

TEST(QrSvg, RefusesTextNoQrCodeHolds) {
    EXPECT_THROW(qr_svg(std::string_view("a\0b", 3), "code"), std::invalid_argument);
    EXPECT_THROW(qr_svg(std::string(8000, 'x'), "code"), std::length_error);
}

// The real round trip: rsvg-convert renders the SVG to a PNG and zbarimg reads it back.
// Both tools are in TEST_PACKAGES (scripts/lib.sh); only outside CI may they be missing.
TEST(QrSvg, RendersToAnImageThatDecodesToTheText) {
    for (const char* tool : {"rsvg-convert", "zbarimg"}) {
        if (!have(tool)) {
            if (on_ci()) FAIL() << tool << " is missing (scripts/lib.sh TEST_PACKAGES)";
            GTEST_SKIP() << tool << " is not installed (librsvg2-bin, zbar-tools)";
        }
    }
    TempDir dir;
    int index = 0;
    for (const std::string& text :
         {std::string("https://roadmap.example.org/join?code=012345"), std::string("123456"),
          "https://roadmap.example.org/join/" + std::string(150, 'a')}) {
        SCOPED_TRACE(text);
        auto svg_path = dir.path() / ("code" + std::to_string(index) + ".svg");
        auto png_path = dir.path() / ("code" + std::to_string(index) + ".png");
        ++index;
        std::ofstream(svg_path) << qr_svg(text, "Scan to join");
        // No width in the SVG: give the image one, as CSS would on a page.
        ASSERT_EQ(std::system(("rsvg-convert --width 400 --height 400 -o " + png_path.string() +
                               " " + svg_path.string())
                                  .c_str()),
                  0);
        std::string decoded = run("zbarimg --quiet --raw --nodbus " + png_path.string());
        EXPECT_EQ(decoded, text + "\n");
    }
}

}  // namespace cbe::report
