#include "service/content_library.hpp"

#include <spdlog/spdlog.h>

#include "content/loader.hpp"

namespace cbe::service {

Result<content::RoadmapPtr> ContentLibrary::version(const std::string& version) {
    if (version == current_->version) return current_;
    std::lock_guard lock(mutex_);
    if (auto it = older_.find(version); it != older_.end()) return it->second;
    auto files = snapshots_->load(version);
    if (!files) return tl::unexpected(files.error());
    auto loaded = content::load_content_files(*files);
    if (!loaded.roadmap) {
        spdlog::error("content snapshot {} does not load: {}", version,
                      loaded.problems.front().to_string());
        return fail(ErrorCode::kInternal, "content version " + version + " cannot be shown");
    }
    older_[version] = loaded.roadmap;
    return loaded.roadmap;
}

}  // namespace cbe::service
