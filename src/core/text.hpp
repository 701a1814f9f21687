// Small text helpers shared by every module (trimming, case, splitting, UTF-8 checks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cbe::text {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
bool starts_with_ci(std::string_view s, std::string_view prefix);
// True when `needle` occurs in `haystack`, ignoring ASCII case.
bool contains_ci(std::string_view haystack, std::string_view needle);
bool is_valid_utf8(std::string_view s);
// Characters (code points) in valid UTF-8 text.
size_t utf8_length(std::string_view s);
// Appends `s` escaped for HTML or XML text and attribute values (& < > " ').
void append_markup_escaped(std::string& out, std::string_view s);
// The first `max_chars` characters of valid UTF-8 text (never cuts a character in two).
std::string_view utf8_prefix(std::string_view s, size_t max_chars);

}  // namespace cbe::text
