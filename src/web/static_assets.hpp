// Static files held in memory under a content-hashed prefix (/assets/<hash>/…), with gzip
// variants prepared at start-up, so they can be cached forever by browsers.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cbe::web {

struct Asset {
    std::string content_type;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzip_body;  // null when compression does not pay
};

class StaticAssets {
  public:
    // Loads every file under `static_dir`, and from `uswds_dir` the stylesheet
    // css/uswds.min.css with every font and image it references (mounted as uswds/…).
    [[nodiscard]] static Result<StaticAssets> load(const std::string& static_dir,
                                                   const std::string& uswds_dir);

    // "/assets/<hash of every file>"; relative URLs inside stylesheets keep working under it.
    const std::string& prefix() const { return prefix_; }
    std::string url(std::string_view relative) const {
        return prefix_ + "/" + std::string(relative);
    }
    // The asset at `relative` (after the prefix), or null.
    const Asset* find(std::string_view relative) const;
    size_t size() const { return assets_.size(); }

  private:
    std::map<std::string, Asset, std::less<>> assets_;
    std::string prefix_;
};

}  // namespace cbe::web
