#include "config/host_config.hpp"

#include "sdk/config_section_state.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

namespace airbridge::core {
namespace {

std::string hostName() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "airbridge";
  return buffer;
}

/// Plugin ids are lowercase words: [a-z][a-z0-9_]*, as in libairbridge_<id>.so.
bool isPluginId(const std::string& id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

YAML::Node parseYaml(const std::string& file) {
  return loadConfigFile(file, "cannot read the config file; pass --config PATH or create it (see "
                              "config/airbridge.yaml in the source tree)");
}

/// A source's place in failover (README, "Several sources: priority and failover").
void readFailoverPolicy(const ConfigSection& section, const std::string& name, SourcePolicy& policy) {
  policy.name = name;
  policy.priority = section.optional<int>("priority", policy.priority);
  section.requireBetween("priority", policy.priority, 1, 100);
  policy.grace = section.optional<Duration>("failover_grace", policy.grace);
  section.requireBetween("failover_grace", policy.grace, Duration{0}, Duration{std::chrono::hours{1}});
  policy.silence = section.optional<Duration>("failover_after", policy.silence);
  section.requireBetween("failover_after", policy.silence, Duration{std::chrono::seconds{1}},
                         Duration{std::chrono::hours{24}});
}

/// An instance's keys other than those the host reads, each value as YAML: what its plugin sees.
std::map<std::string, std::string> pluginKeysOf(const YAML::Node& item) {
  static const std::set<std::string> hostKeys{"plugin", "name", "queue_size", "priority", "failover_grace",
                                              "failover_after"};
  std::map<std::string, std::string> keys;
  for (const auto& entry : item) {
    const std::string key = entry.first.Scalar();
    if (!hostKeys.contains(key)) keys[key] = YAML::Dump(entry.second);
  }
  return keys;
}

void readInstances(const ConfigSection& root, const YAML::Node& document, const std::string& file,
                   PluginRole role, HostConfig& config, std::vector<std::string>& problems,
                   std::map<std::string, std::string>& namePositions) {
  const char* key = role == PluginRole::source ? "sources" : "sinks";
  root.markRead(key);
  const YAML::Node list = document[key];
  if (!list || list.IsNull()) return;
  auto problemAt = [&](const YAML::Mark& mark, const std::string& message) {
    problems.push_back(fmt::format("{}:{}:{}: {}", file, mark.line + 1, mark.column + 1, message));
  };
  if (!list.IsSequence()) {
    problemAt(list.Mark(), fmt::format("{}: expected a list of plugin instances (lines starting "
                                       "with '- plugin: ...')", key));
    return;
  }
  std::size_t index = 0;
  for (const auto& item : list) {
    const std::string where = fmt::format("{}[{}]", key, index++);
    if (!item.IsMap()) {
      problemAt(item.Mark(), fmt::format("{}: expected a mapping with at least 'plugin:'", where));
      continue;
    }
    auto state = ConfigSection::State::make(item, file, where, item.Mark());
    ConfigSection section(state);
    InstanceConfig instance(section);
    instance.role = role;
    instance.plugin_keys = pluginKeysOf(item);
    instance.plugin = section.required<std::string>("plugin");
    if (!instance.plugin.empty() && !isPluginId(instance.plugin)) {
      section.fail("plugin", fmt::format("'{}' is not a plugin id; ids are lowercase words like "
                                         "zetta or websocket", instance.plugin));
    }
    instance.name = section.optional<std::string>("name", instance.plugin);
    if (role == PluginRole::sink) {
      const auto queue = section.optional<std::int64_t>("queue_size", 1024);
      section.requireBetween<std::int64_t>("queue_size", queue, 1, 1'000'000);
      instance.queue_size = static_cast<std::size_t>(queue);
    } else {
      readFailoverPolicy(section, instance.name, instance.failover);
    }
    state->where = fmt::format("{} ({} \"{}\")", where, instance.plugin, instance.name);
    // Host problems of this instance now; its unknown keys once its plugin has read its own.
    problems.insert(problems.end(), state->problems.begin(), state->problems.end());
    state->problems.clear();
    instance.position = state->positionOf(item.Mark());
    const std::string namePosition = section.position("name");
    if (auto [it, inserted] = namePositions.emplace(instance.name, namePosition); !inserted) {
      problems.push_back(fmt::format(
          "{}: {}: duplicate instance name '{}' (first used at {}); give each instance its own "
          "name:", namePosition, state->where, instance.name, it->second));
    }
    config.instances.push_back(std::move(instance));
  }
}

}  // namespace

namespace {

/// The `admin:` section: a listener of its own (keep it off the public port) and its token.
void readAdminSettings(const ConfigSection& admin, AdminSettings& settings) {
  settings.section = admin;
  settings.listen = admin.required<SocketAddress>("listen");
  settings.token = admin.required<std::string>("token");
  constexpr std::size_t kShortestToken = 16;  // shorter ones are guessable by a patient client
  if (!settings.token.empty() && settings.token.size() < kShortestToken) {
    admin.fail("token", fmt::format("is {} characters; use at least {} random ones (e.g. the output "
                                    "of: openssl rand -hex 16)", settings.token.size(), kShortestToken));
  }
  settings.metrics_on_admin = admin.optional<bool>("metrics_on_admin", false);
}

/// The `http:` section: the public port's limits (README, "http").
void readHttpSettings(const ConfigSection& http, HttpListenerSettings& settings) {
  settings.event_loops = http.optional<int>("event_loops", settings.event_loops);
  http.requireBetween("event_loops", settings.event_loops, 1, 64);
  const auto readTimeout = [&](std::string_view key, Duration& value) {
    value = http.optional<Duration>(key, value);
    http.requireBetween(key, value, Duration{100}, Duration{std::chrono::hours{1}});
  };
  readTimeout("header_timeout", settings.header_timeout);
  readTimeout("body_timeout", settings.body_timeout);
  readTimeout("idle_timeout", settings.idle_timeout);
  readTimeout("send_timeout", settings.send_timeout);
  settings.max_requests_per_connection =
      http.optional<int>("max_requests_per_connection", settings.max_requests_per_connection);
  http.requireBetween("max_requests_per_connection", settings.max_requests_per_connection, 1, 1'000'000);
  const auto headerBytes = http.optional<std::int64_t>("max_header_bytes", 16 * 1024);
  http.requireBetween<std::int64_t>("max_header_bytes", headerBytes, 1024, 1024 * 1024);
  settings.max_header_bytes = static_cast<std::size_t>(headerBytes);
  settings.max_headers = http.optional<int>("max_headers", settings.max_headers);
  http.requireBetween("max_headers", settings.max_headers, 8, 1000);
  const auto bodyBytes = http.optional<std::int64_t>("max_body_bytes", 1024 * 1024);
  http.requireBetween<std::int64_t>("max_body_bytes", bodyBytes, 0, 64 * 1024 * 1024);
  settings.max_body_bytes = static_cast<std::size_t>(bodyBytes);
  settings.max_connections_per_address =
      http.optional<int>("max_connections_per_address", settings.max_connections_per_address);
  http.requireBetween("max_connections_per_address", settings.max_connections_per_address, 0, 1'000'000);
  for (const auto& entry : http.optional<std::vector<std::string>>("trusted_proxies", {})) {
    std::string why;
    if (!settings.trusted_proxies.add(entry, why)) {
      http.fail("trusted_proxies", fmt::format("{}; list the proxies' addresses or networks, like "
                                               "127.0.0.1 or 10.0.0.0/8", why));
    }
  }
}

}  // namespace

HostConfig loadHostConfig(const std::string& file) {
  const YAML::Node document = parseYaml(file);
  HostConfig config;
  config.file = file;
  std::vector<std::string> problems;
  if (!document.IsMap()) {
    throw ConfigError({fmt::format("{}:1:1: the file must be a mapping with station:, plugins:, "
                                   "sources: and sinks:", file)});
  }
  auto rootState = ConfigSection::State::make(document, file, "", document.Mark());
  ConfigSection root(rootState);

  const ConfigSection station = root.child("station");
  config.station.name = station.optional<std::string>("name", "airbridge");
  config.station.timezone = station.optional<std::string>("timezone", "UTC");

  const ConfigSection node = root.child("node");
  config.station.node_id = node.optional<std::string>("id", hostName());
  if (config.station.node_id.empty() ||
      config.station.node_id.find_first_of(" \t\n:") != std::string::npos) {
    node.fail("id", "must be a non-empty word without spaces or ':'");
  }

  const ConfigSection log = root.child("log");
  const auto level = log.optional<std::string>("level", "info");
  if (!parseLogLevel(level, config.log_level)) {
    log.fail("level", fmt::format("'{}' is not a level; use debug, info, warning or error", level));
  }

  const ConfigSection plugins = root.child("plugins");
  config.plugin_directory = plugins.optional<std::string>("directory", "build/plugins");

  const ConfigSection bus = root.child("bus");
  config.bus.origin = config.station.node_id;
  config.bus.dedupe_window = bus.optional<Duration>("dedupe_window", config.bus.dedupe_window);
  bus.requireBetween("dedupe_window", config.bus.dedupe_window, Duration{0}, Duration{std::chrono::hours{24}});
  const auto capacity = bus.optional<std::int64_t>("dedupe_capacity", 10'000);
  bus.requireBetween<std::int64_t>("dedupe_capacity", capacity, 1, 10'000'000);
  config.bus.dedupe_capacity = static_cast<std::size_t>(capacity);
  const auto history = bus.optional<std::int64_t>("history_size", 200);
  bus.requireBetween<std::int64_t>("history_size", history, 1, 1'000'000);
  config.bus.history_size = static_cast<std::size_t>(history);
  const auto fieldBytes = bus.optional<std::int64_t>("max_field_bytes", 1024);
  bus.requireBetween<std::int64_t>("max_field_bytes", fieldBytes, 64, 65'536);
  config.bus.max_field_bytes = static_cast<std::size_t>(fieldBytes);

  const ConfigSection storage = root.child("storage");
  config.storage.enabled = storage.optional<bool>("enabled", true);
  config.storage.directory = storage.optional<std::string>("directory", "data");

  readHttpSettings(root.child("http"), config.http);
  if (root.has("admin")) readAdminSettings(root.child("admin"), config.admin);

  std::map<std::string, std::string> namePositions;
  readInstances(root, document, file, PluginRole::source, config, problems, namePositions);
  readInstances(root, document, file, PluginRole::sink, config, problems, namePositions);

  YAML::Node host = YAML::Clone(document);
  host.remove("sources");
  host.remove("sinks");
  config.host_text = YAML::Dump(host);

  std::vector<std::string> rootProblems;
  rootState->collect(rootProblems);
  rootProblems.insert(rootProblems.end(), problems.begin(), problems.end());
  config.problems = std::move(rootProblems);
  return config;
}

}  // namespace airbridge::core
