#include "schedule_config.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace airbridge::schedule {

const ConfigKeys<ScheduleConfig>& ScheduleConfig::keys() {
  using C = ScheduleConfig;
  static const auto keys = ConfigKeys<C>()
      .required("directory", &C::directory, "folder with one YAML or JSON file per term")
      .key("listen", &C::listen, "public HTTP address /v1/schedule is served on")
      .key("reload_interval", &C::reload_interval, between(Duration{100}, Duration{std::chrono::hours{24}}),
           "how often the folder is checked for changed files")
      .key("cors_origins", &C::cors_origins, "\"*\" or exact origins allowed to read from a browser")
      .check([](const ConfigSection& section, C& config) {
        std::error_code error;
        if (!config.directory.empty() && !std::filesystem::is_directory(config.directory, error)) {
          section.fail("directory", fmt::format("'{}' is not a directory; create it or point "
                                                "directory: at the folder of term files", config.directory));
        }
      });
  return keys;
}

}  // namespace airbridge::schedule
