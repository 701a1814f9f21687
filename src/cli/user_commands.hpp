// `roadmap user add|set-password|disable`: bootstrap and look after accounts without a web admin.
#pragma once

#include <CLI/CLI.hpp>

#include "core/config.hpp"

namespace cbe::cli {

// Adds the `user` subcommand to `app`; `run_user` runs it once parsed.
CLI::App* add_user_commands(CLI::App& app, ServeConfig& config);
int run_user(CLI::App& user_cmd, const ServeConfig& config);

}  // namespace cbe::cli
