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
// What a text may hold besides visible characters: a line (a name, a title, an address: one
// line, nothing invisible) or paragraphs (a note: line breaks and tabs too, and the invisible
// joiners some scripts and emoji need).
enum class TextShape { kLine, kParagraphs };
// True when `s` holds a character that makes two different texts look the same or re-orders
// what is shown around it (docs/security.md, "Look-alike text"): control characters (C0 but the
// line breaks and tab paragraphs allow, DEL, C1), bidirectional embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069, U+061C), line and paragraph separators; in a line
// also zero-width and other invisible characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, soft
// hyphen, fillers, tags). Invalid UTF-8 counts as hidden.
bool has_hidden_characters(std::string_view s, TextShape shape);
// Appends `s` escaped for HTML or XML text and attribute values (& < > " ').
void append_markup_escaped(std::string& out, std::string_view s);
// The first `max_chars` characters of valid UTF-8 text (never cuts a character in two).
std::string_view utf8_prefix(std::string_view s, size_t max_chars);

}  // namespace cbe::text
