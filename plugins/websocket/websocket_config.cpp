#include "websocket_config.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace airbridge::websocket {
namespace {

// Besides heartbeats a v1 client sends a few messages a minute at most (IDENTIFY or RESUME,
// SUBSCRIBE, a REQUEST or two).
constexpr int kOtherMessagesPerMinute = 10;

/// A v1 client heartbeats every heartbeat_interval, and each heartbeat counts against
/// rate_limit: settings where a compliant client is closed with 4008 are refused.
void requireRoomForHeartbeats(const ConfigSection& section, const WebsocketConfig& config) {
  constexpr std::int64_t kMinuteMs = 60'000;
  const std::int64_t intervalMs = std::max<std::int64_t>(config.heartbeat_interval.count(), 1);
  const std::int64_t heartbeats = (kMinuteMs + intervalMs - 1) / intervalMs;
  const std::int64_t needed = heartbeats + kOtherMessagesPerMinute;
  if (config.rate_limit >= needed) return;
  std::string intervalFix;
  if (config.rate_limit > kOtherMessagesPerMinute) {
    const std::int64_t shortest = (kMinuteMs + config.rate_limit - kOtherMessagesPerMinute - 1) /
                                  (config.rate_limit - kOtherMessagesPerMinute);
    intervalFix = fmt::format(" or heartbeat_interval to at least {}", formatDuration(Duration{shortest}));
  }
  // Point at what the engineer changed: usually the interval, with rate_limit left at default.
  const std::string_view key = section.has("heartbeat_interval") ? "heartbeat_interval" : "rate_limit";
  const std::string other = key == "rate_limit"
                                ? fmt::format("too low for heartbeat_interval {}", formatDuration(config.heartbeat_interval))
                                : fmt::format("too short for rate_limit {}", config.rate_limit);
  section.fail(key, fmt::format("{}: a compliant client sends {} heartbeats and up to {} other "
                                "messages a minute, so it would be closed with 4008; raise "
                                "rate_limit to at least {}{}",
                                other, heartbeats, kOtherMessagesPerMinute, needed, intervalFix));
}

}  // namespace

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
  section.requireBetween("heartbeat_interval", config.heartbeat_interval, Duration{100},
                         Duration{std::chrono::minutes{10}});
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
  if (config.profile == Profile::v1) requireRoomForHeartbeats(section, config);
  const auto window = section.optional<std::int64_t>("resume_window", 500);
  section.requireBetween<std::int64_t>("resume_window", window, 0, 100'000);
  config.resume_window = static_cast<std::size_t>(window);
  config.events = SinkEventOptions::parse(section);
  return config;
}

}  // namespace airbridge::websocket
