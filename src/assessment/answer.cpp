#include "assessment/answer.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace cbe::assessment {

Result<Choice> Choice::parse(std::string_view id) {
    if (id == "not-sure") return Choice{ChoiceKind::kNotSure, 0};
    if (id == "not-applicable") return Choice{ChoiceKind::kNotApplicable, 0};
    if (auto index = content::stage_index(id)) return Choice{ChoiceKind::kStage, *index};
    return fail_in("choice", "answer.choice-unknown");
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

namespace {
Result<void> check_step(const content::Audience& audience, const std::string& element_id,
                        std::string_view note) {
    const auto& path = audience.element_ids;
    if (std::find(path.begin(), path.end(), element_id) == path.end()) {
        return fail(ErrorCode::kNotFound, "answer.element-not-on-pathway");
    }
    if (!text::is_valid_utf8(note)) {
        return fail_in("note", "answer.note-not-text");
    }
    if (text::has_hidden_characters(note, text::TextShape::kParagraphs)) {
        return fail_in("note", "text.hidden-characters");
    }
    if (text::utf8_length(note) > kMaxNoteChars) {
        return fail_in("note", "answer.note-too-long");
    }
    return {};
}
}  // namespace

Result<Answer> validate_answer(const content::Audience& audience, const std::string& element_id,
                               std::string_view choice, std::string_view note) {
    if (auto ok = check_step(audience, element_id, note); !ok) return tl::unexpected(ok.error());
    if (choice.empty()) {
        return fail_in("choice", "answer.choice-missing");
    }
    auto parsed = Choice::parse(choice);
    if (!parsed) return tl::unexpected(parsed.error());
    return Answer{element_id, *parsed, std::string(note)};
}

Result<Flag> validate_flag(const content::Audience& audience, const std::string& element_id,
                           std::string_view note) {
    if (auto ok = check_step(audience, element_id, note); !ok) return tl::unexpected(ok.error());
    return Flag{element_id, std::string(note)};
}

Result<std::string> validate_label(std::string_view label) {
    std::string_view trimmed = text::trim(label);
    if (!text::is_valid_utf8(trimmed)) {
        return fail(ErrorCode::kInvalidInput, "assessment.label-not-text");
    }
    if (text::has_hidden_characters(trimmed, text::TextShape::kLine)) {
        return fail_in("label", "text.hidden-characters");
    }
    if (text::utf8_length(trimmed) > kMaxLabelChars) {
        return fail(ErrorCode::kInvalidInput, "assessment.label-too-long");
    }
    return std::string(trimmed);
}

const Answer* find_answer(const std::vector<Answer>& answers, std::string_view element_id) {
    for (const auto& a : answers) {
        if (a.element_id == element_id) return &a;
    }
    return nullptr;
}

const Flag* find_flag(const std::vector<Flag>& flags, std::string_view element_id) {
    for (const auto& f : flags) {
        if (f.element_id == element_id) return &f;
    }
    return nullptr;
}

}  // namespace cbe::assessment
