// Self-assessments and their answers. SQL lives beside it, in assessment_repository.cpp,
// written to run on SQLite and PostgreSQL alike.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment/answer.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

struct AssessmentRecord {
    long long id = 0;
    std::string audience;
    std::string label;
    std::string content_version;
    long long revision = 0;         // grows with every saved answer
    long long organization_id = 0;  // 0: not in an organization
    std::string created_at;
    std::string updated_at;
    // What its private link may do: "edit", or "read" (the default once an organization holds
    // it; the organization's owners may switch it back). docs/assessment.md.
    std::string link_access = "edit";
    std::string school_year;  // "2026-27"; empty when not given (older assessments)
    // When its organization's owners ended the private link for good; empty while it works.
    std::string link_ended_at;
};

// An answer's value before a save changed it (answer_history): answers are never silently
// overwritten.
struct AnswerHistoryRecord {
    std::string element_id;
    std::string choice;  // as stored: a stage id, "not-sure", "not-applicable", …
    std::string note;
    std::string answered_at;  // when the replaced value had been saved
    std::string replaced_at;
};

class AssessmentRepository {
  public:
    // `history_per_element`: earlier values kept per answer (the newest; 0: all of them), so
    // saving one answer over and over cannot grow answer_history without bound.
    explicit AssessmentRepository(std::shared_ptr<Database> db, size_t history_per_element = 0);
    ~AssessmentRepository();

    [[nodiscard]] Result<AssessmentRecord> create(const std::string& token_hash,
                                                  const std::string& audience,
                                                  const std::string& label,
                                                  const std::string& content_version,
                                                  const std::string& now,
                                                  const std::string& school_year = "");
    // kNotFound when no assessment has this token (never made, or deleted).
    [[nodiscard]] Result<AssessmentRecord> find(const std::string& token_hash);
    // By id, for members opening it through its organization; kNotFound when absent.
    [[nodiscard]] Result<AssessmentRecord> find_by_id(long long id);
    [[nodiscard]] Result<std::vector<assessment::Answer>> answers(long long assessment_id);
    // Inserts or replaces the answer for one element, and touches the assessment; committed
    // before it returns. A value it replaces, when different, is kept in answer_history in the
    // same transaction: both are saved, or neither (the oldest beyond `history_per_element` go).
    [[nodiscard]] Result<void> save_answer(long long assessment_id,
                                           const assessment::Answer& answer,
                                           const std::string& now);
    // Steps flagged for later (stored as answers with choice assessment::kFlaggedChoice, which
    // answers() skips).
    [[nodiscard]] Result<std::vector<assessment::Flag>> flags(long long assessment_id);
    // Replaces whatever the step holds (an answer or a flag) with the flag, as save_answer does.
    [[nodiscard]] Result<void> save_flag(long long assessment_id, const assessment::Flag& flag,
                                         const std::string& now);
    // Removes the step's answer or flag (kept in answer_history) and touches the assessment;
    // false when there was none.
    [[nodiscard]] Result<bool> clear_step(long long assessment_id, const std::string& element_id,
                                          const std::string& now);
    [[nodiscard]] Result<void> remove(long long assessment_id);
    // Sets the school year it describes ("" clears it) and bumps the revision (pages rendered
    // from the old one are stale); kNotFound when absent.
    [[nodiscard]] Result<void> set_school_year(long long assessment_id,
                                               const std::string& school_year,
                                               const std::string& now);
    // The earlier values of its answers, oldest first.
    [[nodiscard]] Result<std::vector<AnswerHistoryRecord>> history(long long assessment_id);
    // Sets what the private link may do ("edit" or "read"); kNotFound when absent.
    [[nodiscard]] Result<void> set_link_access(long long assessment_id,
                                               const std::string& link_access);
    // Ends the private link for good: the token hash becomes `unheld_token_hash` (the hash of a
    // token nobody was given), as of `now`. kNotFound when absent; kConflict when it had ended.
    [[nodiscard]] Result<void> end_private_link(long long assessment_id,
                                                const std::string& unheld_token_hash,
                                                const std::string& now);

  private:
    [[nodiscard]] Result<void> upsert(long long assessment_id, const std::string& element_id,
                                      const std::string& choice, const std::string& note,
                                      const std::string& now);
    struct Prepared;
    std::shared_ptr<Database> db_;
    long long history_per_element_ = 0;
    std::vector<std::unique_ptr<Prepared>> prepared_;  // per pool slot, made on first use
};

}  // namespace cbe::store
