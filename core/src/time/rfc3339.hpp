#pragma once
// UTC timestamps as the wire protocol writes them: 2026-09-14T19:03:12.345Z.

#include <chrono>
#include <string>

namespace airbridge::core {

std::string formatRfc3339Millis(std::chrono::system_clock::time_point when);

}  // namespace airbridge::core
