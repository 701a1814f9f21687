// The content versions the site can show: the current one, and older ones loaded on demand
// from their stored snapshots (for assessments made with them).
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "content/model.hpp"
#include "core/result.hpp"
#include "store/content_snapshots.hpp"

namespace cbe::service {

class ContentLibrary {
  public:
    ContentLibrary(content::RoadmapPtr current, std::shared_ptr<store::ContentSnapshots> snapshots)
        : current_(std::move(current)), snapshots_(std::move(snapshots)) {}

    const content::RoadmapPtr& current() const { return current_; }
    // The roadmap for `version`: the current one, or an older one rebuilt from its snapshot.
    [[nodiscard]] Result<content::RoadmapPtr> version(const std::string& version);

  private:
    content::RoadmapPtr current_;
    std::shared_ptr<store::ContentSnapshots> snapshots_;
    std::mutex mutex_;
    std::map<std::string, content::RoadmapPtr> older_;
};

}  // namespace cbe::service
