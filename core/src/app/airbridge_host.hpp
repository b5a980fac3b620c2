#pragma once
// The whole process: load the config, load and check every plugin, build every instance, then
// start (sinks, HTTP listeners, sources), wait for a signal, and stop in reverse.

#include "app/command_line.hpp"

namespace airbridge::core {

/// Returns the process exit code.
int runAirbridge(const CommandLine& command_line);

}  // namespace airbridge::core
