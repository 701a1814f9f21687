// `roadmap seed-demo`: on a database with no accounts, adds a demo state, a demo district and
// its owner, and prints how to sign in. Does nothing once any account exists.
#pragma once

#include "core/config.hpp"

namespace cbe::cli {

int seed_demo(const ServeConfig& config);

}  // namespace cbe::cli
