#include "web/static_assets.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "web/gzip.hpp"

namespace cbe::web {

namespace fs = std::filesystem;

namespace {

std::string content_type_for(const fs::path& path) {
    static const std::map<std::string, std::string> types{
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"}};
    auto it = types.find(path.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

bool compressible(const std::string& type) {
    return type.rfind("text/", 0) == 0 || type == "image/svg+xml" || type == "application/json";
}

Result<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kNotFound, "cannot read " + path.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// USWDS declares its web fonts `font-display: fallback`: text first paints in a system font and
// the web font swaps in when it arrives (within 3 s), moving every line of text (layout shift;
// Lighthouse measured 0.26 on a phone). `optional` lets a face that is not ready within about
// 100 ms (they are preloaded, see layout.mustache) wait for the next page instead. Overriding
// the faces in our own stylesheet is not enough: Chromium then falls back to USWDS's face and
// swaps it in.
std::string fonts_never_swap(std::string css) {
    static const std::string from = "font-display:fallback", to = "font-display:optional";
    for (size_t at = css.find(from); at != std::string::npos; at = css.find(from, at + to.size())) {
        css.replace(at, from.size(), to);
    }
    return css;
}

Result<void> add(std::map<std::string, Asset, std::less<>>& assets, const std::string& relative,
                 const fs::path& path, std::string (*rewrite)(std::string) = nullptr) {
    auto bytes = read_file(path);
    if (!bytes) return tl::unexpected(bytes.error());
    if (rewrite) *bytes = rewrite(std::move(*bytes));
    Asset asset;
    asset.content_type = content_type_for(path);
    if (compressible(asset.content_type) && bytes->size() > 512) {
        std::string packed = gzip(*bytes);
        if (packed.size() < bytes->size() * 9 / 10) {
            asset.gzip_body = std::make_shared<const std::string>(std::move(packed));
        }
    }
    asset.body = std::make_shared<const std::string>(std::move(*bytes));
    assets[relative] = std::move(asset);
    return {};
}

}  // namespace

Result<StaticAssets> StaticAssets::load(const std::string& static_dir,
                                        const std::string& uswds_dir) {
    StaticAssets result;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(static_dir, ec)) {
        if (!entry.is_regular_file()) continue;
        auto relative = fs::relative(entry.path(), static_dir).generic_string();
        if (auto ok = add(result.assets_, relative, entry.path()); !ok)
            return tl::unexpected(ok.error());
    }
    if (ec) return fail(ErrorCode::kNotFound, "static folder " + static_dir + ": " + ec.message());

    const fs::path uswds(uswds_dir);
    const std::string stylesheet = "css/uswds.min.css";
    if (auto ok = add(result.assets_, "uswds/" + stylesheet, uswds / stylesheet, fonts_never_swap);
        !ok) {
        return fail(ErrorCode::kNotFound, "USWDS assets not found in " + uswds_dir +
                                              " (run npm ci): " + ok.error().message);
    }
    // Fonts and images the stylesheet refers to, as ../fonts/… and ../img/….
    static const std::regex reference(R"(url\(\.\./([A-Za-z0-9_./-]+)\))");
    const std::string& css = *result.assets_["uswds/" + stylesheet].body;
    for (std::sregex_iterator it(css.begin(), css.end(), reference), end; it != end; ++it) {
        std::string relative = (*it)[1].str();
        if (relative.find("..") != std::string::npos) continue;
        if (result.assets_.count("uswds/" + relative)) continue;
        if (auto ok = add(result.assets_, "uswds/" + relative, uswds / relative); !ok) {
            return tl::unexpected(ok.error());
        }
    }

    uint64_t hash = 1469598103934665603ULL;  // FNV-1a over names and bytes
    for (const auto& [name, asset] : result.assets_) {
        for (unsigned char c : name + '\0' + *asset.body) hash = (hash ^ c) * 1099511628211ULL;
    }
    std::ostringstream hex;
    hex << std::hex << (hash >> 16);
    result.prefix_ = "/assets/" + hex.str();
    return result;
}

const Asset* StaticAssets::find(std::string_view relative) const {
    auto it = assets_.find(relative);
    return it == assets_.end() ? nullptr : &it->second;
}

}  // namespace cbe::web
