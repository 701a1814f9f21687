// One answer in a self-assessment: a stage, "not sure" or "not applicable", and a note.
// Validation rules are in docs/assessment.md ("Answers").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"
#include "core/result.hpp"

namespace cbe::assessment {

inline constexpr size_t kMaxNoteChars = 2000;  // characters (code points), not bytes
inline constexpr size_t kMaxLabelChars = 120;

enum class ChoiceKind { kStage, kNotSure, kNotApplicable };

struct Choice {
    ChoiceKind kind = ChoiceKind::kNotSure;
    size_t stage = 0;  // index into content::kStageIds when kind == kStage

    // "entry" … "transforming", "not-sure" or "not-applicable".
    [[nodiscard]] static Result<Choice> parse(std::string_view id);
    std::string id() const;
    bool is_stage() const { return kind == ChoiceKind::kStage; }
    bool operator==(const Choice&) const = default;
};

struct Answer {
    std::string element_id;
    Choice choice;
    std::string note;
};

// A step skipped for now and flagged to come back to: no stage yet, the note (if any) kept.
// Stored in the answers table with this choice, which Choice::parse refuses, so results,
// exports and consensus never count a flagged step as answered.
inline constexpr std::string_view kFlaggedChoice = "flagged";

struct Flag {
    std::string element_id;
    std::string note;
};

// Checks an answer posted for `element_id` on `audience`'s pathway. Messages are written for
// the person filling in the form.
[[nodiscard]] Result<Answer> validate_answer(const content::Audience& audience,
                                             const std::string& element_id, std::string_view choice,
                                             std::string_view note);
// Checks a flag posted for `element_id`: the note follows the answer's rules.
[[nodiscard]] Result<Flag> validate_flag(const content::Audience& audience,
                                         const std::string& element_id, std::string_view note);
// An assessment's optional label (e.g. a district's name): trimmed, at most 120 characters.
[[nodiscard]] Result<std::string> validate_label(std::string_view label);

// The answer given for an element, or null. Answers are few (one per element of a pathway).
const Answer* find_answer(const std::vector<Answer>& answers, std::string_view element_id);
const Flag* find_flag(const std::vector<Flag>& flags, std::string_view element_id);

}  // namespace cbe::assessment
