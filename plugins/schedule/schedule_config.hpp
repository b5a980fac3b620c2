#pragma once
// The schedule plugin's YAML section (documented key by key in README.md).

#include <airbridge/config_keys.hpp>

#include <string>
#include <vector>

namespace airbridge::schedule {

struct ScheduleConfig {
  std::string directory;                       ///< one YAML or JSON file per term
  SocketAddress listen{"0.0.0.0", 8080};       ///< where /v1/schedule is served
  Duration reload_interval = std::chrono::seconds{2};
  std::vector<std::string> cors_origins{"*"};

  static const ConfigKeys<ScheduleConfig>& keys();
};

}  // namespace airbridge::schedule
