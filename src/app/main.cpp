// roadmap: the one executable. Wiring only; everything else lives in the modules.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return cbe::cli::run(argc, argv); }
