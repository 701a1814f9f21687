#include "web/compression.hpp"

#include "web/gzip.hpp"

namespace cbe::web {

namespace {

bool compressible_type(std::string_view content_type) {
    return content_type.rfind("text/", 0) == 0 || content_type.rfind("application/json", 0) == 0 ||
           content_type.rfind("image/svg+xml", 0) == 0;
}

bool has_header(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key.size() == name.size() &&
            std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            return true;
        }
    }
    return false;
}

}  // namespace

void compress_if_worthwhile(Response& response, const Request& request,
                            const std::vector<std::string>& secrets) {
    if (response.gzipped || !response.event_topic.empty() || !response.body ||
        response.body->size() < kMinGzipBytes || !compressible_type(response.content_type) ||
        has_header(response, "content-encoding")) {
        return;
    }
    for (const auto& secret : secrets) {
        if (!secret.empty() && response.body->find(secret) != std::string::npos) return;
    }
    if (!has_header(response, "vary")) response.headers.emplace_back("Vary", "Accept-Encoding");
    if (!request.accepts_gzip()) return;
    response.body = std::make_shared<const std::string>(gzip(*response.body, kDynamicGzipLevel));
    response.gzipped = true;
}

std::string cookie_set_by(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key != "Set-Cookie" || value.size() <= name.size() ||
            value.compare(0, name.size(), name) != 0 || value[name.size()] != '=') {
            continue;
        }
        size_t start = name.size() + 1;
        return value.substr(start, value.find(';', start) - start);
    }
    return "";
}

}  // namespace cbe::web
