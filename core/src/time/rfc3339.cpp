#include "time/rfc3339.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace airbridge::core {

std::string formatRfc3339Millis(std::chrono::system_clock::time_point when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(when)), ms.count() % 1000);
}

}  // namespace airbridge::core
