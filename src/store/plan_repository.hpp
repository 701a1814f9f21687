// Action plans: one per assessment or per team session, with its priority elements and its
// actions. SQL in plan_repository.cpp; schema in migrations/sqlite/0008_*.sql.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

// What a plan belongs to: exactly one of the two is set.
struct PlanSubjectKey {
    long long assessment_id = 0;
    long long session_id = 0;
};

// An action's fields as a person sets them (validated by the service).
struct ActionFields {
    std::string element_id;
    std::string description;
    long long owner_user_id = 0;  // 0: none, or a name typed in
    std::string owner_name;
    std::string due_date;  // YYYY-MM-DD or empty
    std::string target_stage;
    std::string status = "not-started";
    std::string notes;
};

struct PlanActionRecord {
    long long id = 0;
    ActionFields fields;
    std::string owner_user_name;  // the member's name when owner_user_id is set
    std::string created_at;
    std::string updated_at;
};

struct PlanRecord {
    long long id = 0;  // 0: no plan yet
    long long version = 0;
    std::vector<std::string> priorities;  // element ids, in order
    std::vector<PlanActionRecord> actions;
    std::string updated_at;
};

// An action still open (not done) in one of an organization's plans, for the next session.
struct OpenActionRecord {
    PlanActionRecord action;
    long long assessment_id = 0;
    long long session_id = 0;
    std::string subject_title;  // the assessment's label or the session's title
};

class PlanRepository {
  public:
    explicit PlanRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // The plan with its priorities and actions; an empty PlanRecord (id 0) when there is none.
    [[nodiscard]] Result<PlanRecord> find(const PlanSubjectKey& subject);
    // Replaces the priorities, making the plan if needed.
    [[nodiscard]] Result<void> set_priorities(const PlanSubjectKey& subject,
                                              const std::vector<std::string>& element_ids,
                                              const std::string& now);
    // Adds an action, making the plan if needed; kConflict past `max_actions`.
    [[nodiscard]] Result<long long> add_action(const PlanSubjectKey& subject,
                                               const ActionFields& fields, size_t max_actions,
                                               const std::string& now);
    // kNotFound when the action is not in this subject's plan.
    [[nodiscard]] Result<void> update_action(const PlanSubjectKey& subject, long long action_id,
                                             const ActionFields& fields, const std::string& now);
    [[nodiscard]] Result<void> delete_action(const PlanSubjectKey& subject, long long action_id);
    // Actions not done in the plans of an organization's assessments and sessions, by due date
    // (none last), at most `limit`.
    [[nodiscard]] Result<std::vector<OpenActionRecord>> open_actions(long long organization_id,
                                                                     size_t limit);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
