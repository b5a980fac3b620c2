#include "websocket_config.hpp"

#include <fmt/format.h>

namespace airbridge::websocket {
WebsocketConfig WebsocketConfig::parse(const ConfigSection& section) {
  WebsocketConfig config;
  config.listen = section.optional<SocketAddress>("listen", config.listen);
  const auto profile = section.optional<std::string>("profile", "v1");
  if (profile == "legacy") {
    config.profile = Profile::legacy;
    config.path = "/api/";
  } else if (profile != "v1") {
    section.fail("profile", fmt::format("'{}' is not a profile; use v1 or legacy", profile));
  }
  config.path = section.optional<std::string>("path", config.path);
  config.heartbeat_interval = section.optional<Duration>("heartbeat_interval", config.heartbeat_interval);
  if (config.heartbeat_interval < std::chrono::milliseconds{100} ||
      config.heartbeat_interval > std::chrono::minutes{10}) {
    section.fail("heartbeat_interval", fmt::format("must be between 100ms and 10m (got {})",
                                                   formatDuration(config.heartbeat_interval)));
  }
  const auto maxMessage = section.optional<std::int64_t>("max_message_size", 4096);
  section.requireBetween<std::int64_t>("max_message_size", maxMessage, 128, 1024 * 1024);
  config.max_message_size = static_cast<std::size_t>(maxMessage);
  const auto maxQueued = section.optional<std::int64_t>("max_queued_bytes", 256 * 1024);
  section.requireBetween<std::int64_t>("max_queued_bytes", maxQueued, 1024, 64 * 1024 * 1024);
  config.max_queued_bytes = static_cast<std::size_t>(maxQueued);
  config.max_connections = section.optional<int>("max_connections", config.max_connections);
  section.requireBetween("max_connections", config.max_connections, 1, 1'000'000);
  config.max_connections_per_ip = section.optional<int>("max_connections_per_ip", 0);
  section.requireBetween("max_connections_per_ip", config.max_connections_per_ip, 0, 1'000'000);
  config.allowed_origins = section.optional<std::vector<std::string>>("allowed_origins", {});
  config.event_loops = section.optional<int>("event_loops", config.event_loops);
  section.requireBetween("event_loops", config.event_loops, 1, 64);
  config.rate_limit = section.optional<int>("rate_limit", config.rate_limit);
  section.requireBetween("rate_limit", config.rate_limit, 1, 100'000);
  const auto window = section.optional<std::int64_t>("resume_window", 500);
  section.requireBetween<std::int64_t>("resume_window", window, 0, 100'000);
  config.resume_window = static_cast<std::size_t>(window);
  config.events = SinkEventOptions::parse(section);
  return config;
}

}  // namespace airbridge::websocket
