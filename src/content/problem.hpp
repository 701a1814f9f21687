// A problem found in the content files, reported as `file:line: message`.
#pragma once

#include <string>
#include <vector>

namespace cbe::content {

struct Problem {
    std::string file;  // relative to the content directory
    int line = 0;      // 1-based; 0 when the problem concerns the whole file
    std::string message;

    std::string to_string() const;
};

using Problems = std::vector<Problem>;

}  // namespace cbe::content
