// `roadmap org add|add-member`: bootstrap organizations and memberships without a web admin.
#pragma once

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace cbe::cli {

CLI::App* add_org_commands(CLI::App& app, ServeConfig& config);
int run_org(CLI::App& org_cmd, const ServeConfig& config);

}  // namespace cbe::cli
