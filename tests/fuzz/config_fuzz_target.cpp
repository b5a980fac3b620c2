// libFuzzer target: arbitrary bytes as airbridge.yaml, through the host's reader and, section by
// section, through every in-tree plugin's config parser (all of them read via ConfigSection).
// Nothing may crash, leak or hang; a config is either read or refused with FILE:LINE:COL
// problems.

#include "config/host_config.hpp"
#include "fuzz_file.hpp"
#include "file_watch_config.hpp"
#include "file_write_config.hpp"
#include "http_push_config.hpp"
#include "http_config.hpp"
#include "icecast_config.hpp"
#include "rds_config.hpp"
#include "redis_config.hpp"
#include "rivendell_config.hpp"
#include "schedule_config.hpp"
#include "tunein_config.hpp"
#include "webhook_config.hpp"
#include "websocket_config.hpp"
#include "zetta_config.hpp"

#include <airbridge/config_section.hpp>

#include <cstdlib>

using airbridge::ConfigError;
using airbridge::ConfigSection;

namespace {

void requireNamed(const ConfigError& error, const std::string& path) {
  if (error.problems().empty()) std::abort();
  for (const auto& problem : error.problems()) {
    if (!problem.starts_with(path)) std::abort();
  }
}

/// Each plugin's parser on each mapping of the file's first list (sources or sinks).
template <typename Config>
void parseEach(const std::vector<ConfigSection>& sections, const std::string& path) {
  for (const auto& section : sections) {
    try {
      Config::keys().parse(section);
    } catch (const ConfigError& e) {
      requireNamed(e, path);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = airbridge::fuzz::writeInput(data, size, "-airbridge.yaml");
  try {
    airbridge::core::loadHostConfig(path);
  } catch (const ConfigError& e) {
    requireNamed(e, path);
  }
  std::vector<ConfigSection> sections;
  try {
    const ConfigSection root = ConfigSection::fromFile(path, "fuzz");
    for (const char* key : {"sources", "sinks"}) {
      for (auto& section : root.list(key)) sections.push_back(section);
    }
  } catch (const ConfigError& e) {
    requireNamed(e, path);
    return 0;
  }
  parseEach<airbridge::zetta::ZettaConfig>(sections, path);
  parseEach<airbridge::http_push::HttpPushConfig>(sections, path);
  parseEach<airbridge::file_watch::FileWatchConfig>(sections, path);
  parseEach<airbridge::rivendell::RivendellConfig>(sections, path);
  parseEach<airbridge::websocket::WebsocketConfig>(sections, path);
  parseEach<airbridge::http::HttpSinkConfig>(sections, path);
  parseEach<airbridge::redis::RedisBridgeConfig>(sections, path);
  parseEach<airbridge::schedule::ScheduleConfig>(sections, path);
  parseEach<airbridge::rds::RdsConfig>(sections, path);
  parseEach<airbridge::icecast::IcecastConfig>(sections, path);
  parseEach<airbridge::webhook::WebhookConfig>(sections, path);
  parseEach<airbridge::file_write::FileWriteConfig>(sections, path);
  parseEach<airbridge::tunein::TuneinConfig>(sections, path);
  return 0;
}
