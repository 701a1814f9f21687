#include "assessment/answer.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace cbe::assessment {

Result<Choice> Choice::parse(std::string_view id) {
    if (id == "not-sure") return Choice{ChoiceKind::kNotSure, 0};
    if (id == "not-applicable") return Choice{ChoiceKind::kNotApplicable, 0};
    if (auto index = content::stage_index(id)) return Choice{ChoiceKind::kStage, *index};
    return fail(ErrorCode::kInvalidInput,
                "Choose one of the four stages, \"Not sure\" or \"Not applicable\".");
}

std::string Choice::id() const {
    switch (kind) {
        case ChoiceKind::kStage:
            return std::string(content::kStageIds[stage]);
        case ChoiceKind::kNotSure:
            return "not-sure";
        case ChoiceKind::kNotApplicable:
            return "not-applicable";
    }
    return "not-sure";
}

size_t utf8_length(std::string_view text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

Result<Answer> validate_answer(const content::Audience& audience, const std::string& element_id,
                               std::string_view choice, std::string_view note) {
    const auto& path = audience.element_ids;
    if (std::find(path.begin(), path.end(), element_id) == path.end()) {
        return fail(ErrorCode::kNotFound,
                    "This element is not on the " + audience.name + " pathway.");
    }
    if (!text::is_valid_utf8(note)) {
        return fail(ErrorCode::kInvalidInput,
                    "The note contains characters that are not valid text.");
    }
    if (utf8_length(note) > kMaxNoteChars) {
        return fail(ErrorCode::kInvalidInput,
                    "The note is longer than 2,000 characters. Shorten it and save again.");
    }
    if (choice.empty()) {
        return fail(ErrorCode::kInvalidInput,
                    "Choose the stage that fits best, or \"Not sure\" or \"Not applicable\".");
    }
    auto parsed = Choice::parse(choice);
    if (!parsed) return tl::unexpected(parsed.error());
    return Answer{element_id, *parsed, std::string(note)};
}

Result<std::string> validate_label(std::string_view label) {
    std::string_view trimmed = text::trim(label);
    if (!text::is_valid_utf8(trimmed)) {
        return fail(ErrorCode::kInvalidInput,
                    "The name contains characters that are not valid text.");
    }
    if (utf8_length(trimmed) > kMaxLabelChars) {
        return fail(ErrorCode::kInvalidInput, "The name is longer than 120 characters.");
    }
    return std::string(trimmed);
}

}  // namespace cbe::assessment
