#include "schedule_config.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace airbridge::schedule {

ScheduleConfig ScheduleConfig::parse(const ConfigSection& section) {
  ScheduleConfig config;
  config.directory = section.required<std::string>("directory");
  std::error_code error;
  if (!config.directory.empty() && !std::filesystem::is_directory(config.directory, error)) {
    section.fail("directory", fmt::format("'{}' is not a directory; create it or point directory: "
                                          "at the folder of term files", config.directory));
  }
  config.listen = section.optional<SocketAddress>("listen", config.listen);
  config.reload_interval = section.optional<Duration>("reload_interval", config.reload_interval);
  section.requireBetween("reload_interval", config.reload_interval, Duration{100}, Duration{std::chrono::hours{24}});
  config.cors_origins = section.optional<std::vector<std::string>>("cors_origins", config.cors_origins);
  return config;
}

}  // namespace airbridge::schedule
