#include "web/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace cbe::web {

std::string gzip(std::string_view data, int level) {
    z_stream stream{};
    // windowBits 15 + 16 asks zlib for a gzip wrapper instead of a raw zlib stream.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib: deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    out.resize(stream.total_out);
    return out;
}

}  // namespace cbe::web
