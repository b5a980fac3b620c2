#pragma once
// The host's own part of airbridge.yaml (station, node, log, plugins, bus) and one section per
// plugin instance, whose keys the plugin reads itself.

#include <airbridge/config_section.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/plugin_context.hpp>

#include "bus/event_bus.hpp"
#include "bus/failover_state.hpp"
#include "http/http_listeners.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace airbridge::core {

enum class PluginRole { source, sink };

struct InstanceConfig {
  explicit InstanceConfig(ConfigSection section_) : section(std::move(section_)) {}
  PluginRole role = PluginRole::source;
  std::string plugin;           ///< plugin id: "zetta"
  std::string name;             ///< instance name, unique in the file
  std::size_t queue_size = 1024;  ///< sinks: mailbox capacity
  SourcePolicy failover;          ///< sources: priority, failover_grace, failover_after
  ConfigSection section;        ///< the instance's mapping; host keys already marked read
  std::string position;         ///< FILE:LINE:COL of the instance, for messages
  /// The plugin's own keys, each value as YAML: on reload, which keys changed.
  std::map<std::string, std::string> plugin_keys;
};

struct StorageSettings {
  bool enabled = true;
  std::filesystem::path directory = "data";  ///< relative: to the working directory
};

/// `admin:`: the admin view's own listener (README, "The admin view").
struct AdminSettings {
  std::optional<SocketAddress> listen;  ///< none: no admin view
  std::string token;                    ///< required with listen: Authorization: Bearer <token>
  bool metrics_on_admin = false;        ///< also serve /metrics there
  std::optional<ConfigSection> section; ///< for claims' problems
};

struct HostConfig {
  std::string file;
  StationInfo station;
  LogLevel log_level = LogLevel::info;
  std::filesystem::path plugin_directory;
  BusSettings bus;
  HttpListenerSettings http;
  StorageSettings storage;
  AdminSettings admin;
  std::vector<InstanceConfig> instances;
  /// Problems in the host's part; plugin sections are still checked so that one run reports all.
  std::vector<std::string> problems;
  /// Everything but sources: and sinks: as YAML, to tell on reload whether the host's part changed.
  std::string host_text;
};

/// Parses and validates the host's keys, collecting every problem in `problems`; plugin sections
/// are checked later by their factories. Throws ConfigError only when the file cannot be read
/// or is not YAML at all.
HostConfig loadHostConfig(const std::string& file);

}  // namespace airbridge::core
