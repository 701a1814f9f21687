// Short text fields as people type them, checked the same way by every use case.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cbe::service {

// Trimmed, valid UTF-8, at most `max` characters; `key` names the message when it is not
// ("<key>-not-text", "<key>-too-long" with the limit as the message's number), about the form
// field `field`. Hidden characters (text::has_hidden_characters for `shape`: a name or title is
// a kLine) are refused as "text.hidden-characters", never stripped: what was typed is shown
// again with the error.
[[nodiscard]] inline Result<std::string> short_text(
    std::string_view in, size_t max, const std::string& key, const std::string& field,
    text::TextShape shape = text::TextShape::kParagraphs) {
    std::string_view trimmed = text::trim(in);
    if (!text::is_valid_utf8(trimmed)) return fail_in(field, key + "-not-text");
    if (text::has_hidden_characters(trimmed, shape)) {
        return fail_in(field, "text.hidden-characters");
    }
    if (text::utf8_length(trimmed) > max) {
        Error error{ErrorCode::kInvalidInput, key + "-too-long", static_cast<long long>(max)};
        error.field = field;
        return tl::unexpected(std::move(error));
    }
    return std::string(trimmed);
}

}  // namespace cbe::service
