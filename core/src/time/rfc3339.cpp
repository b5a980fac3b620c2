#include "time/rfc3339.hpp"

#include <airbridge/time_text.hpp>

namespace airbridge::core {

std::string formatRfc3339Millis(std::chrono::system_clock::time_point when) {
  return formatRfc3339(std::chrono::floor<std::chrono::milliseconds>(when), /*millis=*/true);
}

}  // namespace airbridge::core
