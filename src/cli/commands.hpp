// The `roadmap` command line: subcommands and their options (CLI11).
#pragma once

namespace cbe::cli {

// Parses argv and runs the chosen subcommand; returns the process exit code.
int run(int argc, char** argv);

}  // namespace cbe::cli
