// Stored copies of each content version's files, so an assessment made with an older version
// is shown with the text it was made with.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "content/loader.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace cbe::store {

class ContentSnapshots {
  public:
    explicit ContentSnapshots(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // Keeps `files` as `version`. A version already kept with other bytes is replaced, and the
    // result says so (the content changed without a version bump).
    [[nodiscard]] Result<bool> save(const std::string& version, const std::string& fingerprint,
                                    const content::ContentFiles& files, const std::string& now);
    // kNotFound when the version was never kept.
    [[nodiscard]] Result<content::ContentFiles> load(const std::string& version);

  private:
    std::shared_ptr<Database> db_;
};

}  // namespace cbe::store
