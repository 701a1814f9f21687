// Read-only share links of an assessment's or a session's results, report and plan. Only the
// token's hash is stored. SQL in share_link_repository.cpp; schema in migrations/sqlite/0008.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/plan_repository.hpp"

namespace cbe::store {

struct ShareLinkRecord {
    long long id = 0;
    long long assessment_id = 0;
    long long session_id = 0;
    std::string created_by_name;  // empty: made by a private link's holder, or user deleted
    std::string created_at;
    std::string revoked_at;  // empty while it works
};

class ShareLinkRepository {
  public:
    explicit ShareLinkRepository(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // kConflict "share.too-many" when the subject already has `max` links that work.
    [[nodiscard]] Result<long long> create(const std::string& token_hash,
                                           const PlanSubjectKey& subject, long long created_by,
                                           size_t max, const std::string& now);
    // Newest first, revoked ones too.
    [[nodiscard]] Result<std::vector<ShareLinkRecord>> for_subject(const PlanSubjectKey& subject);
    // kNotFound when the link is not the subject's (or already revoked). The subject keeps its
    // newest `keep_revoked` revoked links listed; older revoked ones are deleted with it.
    [[nodiscard]] Result<void> revoke(long long id, const PlanSubjectKey& subject,
                                      const std::string& now, size_t keep_revoked);
    // Housekeeping: deletes links revoked before `before`.
    [[nodiscard]] Result<void> purge_revoked(const std::string& before);
    // The link behind a token hash; kNotFound when none, or revoked.
    [[nodiscard]] Result<ShareLinkRecord> find_working(const std::string& token_hash);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
