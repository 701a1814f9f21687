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
};

class AssessmentRepository {
  public:
    explicit AssessmentRepository(std::shared_ptr<Database> db);
    ~AssessmentRepository();

    [[nodiscard]] Result<AssessmentRecord> create(const std::string& token_hash,
                                                  const std::string& audience,
                                                  const std::string& label,
                                                  const std::string& content_version,
                                                  const std::string& now);
    // kNotFound when no assessment has this token (never made, or deleted).
    [[nodiscard]] Result<AssessmentRecord> find(const std::string& token_hash);
    // By id, for members opening it through its organization; kNotFound when absent.
    [[nodiscard]] Result<AssessmentRecord> find_by_id(long long id);
    [[nodiscard]] Result<std::vector<assessment::Answer>> answers(long long assessment_id);
    // Inserts or replaces the answer for one element, and touches the assessment; committed
    // before it returns.
    [[nodiscard]] Result<void> save_answer(long long assessment_id,
                                           const assessment::Answer& answer,
                                           const std::string& now);
    [[nodiscard]] Result<void> remove(long long assessment_id);

  private:
    struct Prepared;
    std::shared_ptr<Database> db_;
    std::vector<std::unique_ptr<Prepared>> prepared_;  // per pool slot, made on first use
};

}  // namespace cbe::store
