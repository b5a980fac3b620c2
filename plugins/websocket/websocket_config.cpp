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

const ConfigKeys<WebsocketConfig>& WebsocketConfig::keys() {
  using C = WebsocketConfig;
  static const auto keys = ConfigKeys<C>()
      .key("listen", &C::listen, "public HTTP address, shared with other sinks")
      .choice("profile", &C::profile, {{"v1", Profile::v1}, {"legacy", Profile::legacy}},
              "v1: the gateway protocol; legacy: the KJHK app's drop-in")
      .custom({"path", "text", "/ws", "", "where the upgrade is accepted (/api/ for legacy); a "
               "trailing / makes it a prefix"},
              [](const ConfigSection& section, C& config) {
                const std::string fallback = config.profile == Profile::legacy ? "/api/" : "/ws";
                config.path = section.optional<std::string>("path", fallback);
              })
      .key("heartbeat_interval", &C::heartbeat_interval,
           between(Duration{100}, Duration{std::chrono::minutes{10}}), "how often v1 clients heartbeat")
      .key("max_message_size", &C::max_message_size, between<std::int64_t>(128, 1024 * 1024),
           "largest client message in bytes (1009 beyond it)")
      .key("max_queued_bytes", &C::max_queued_bytes, between<std::int64_t>(1024, 64 * 1024 * 1024),
           "bytes a client has not read yet before it is closed with 4010")
      .key("max_connections", &C::max_connections, between(1, 1'000'000), "clients; 503 beyond")
      .key("max_connections_per_ip", &C::max_connections_per_ip, between(0, 1'000'000),
           "clients from one address, 429 beyond (0: no limit)")
      .key("allowed_origins", &C::allowed_origins, "exact Origin values; others get 403 (none: any)")
      .key("event_loops", &C::event_loops, between(1, 64), "epoll threads sharing the clients")
      .key("rate_limit", &C::rate_limit, between(1, 100'000),
           "client messages per minute before 4008; for v1 at least 60s / heartbeat_interval + 10")
      .key("resume_window", &C::resume_window, between<std::int64_t>(0, 100'000),
           "published events kept for clients that resume")
      .include(SinkEventOptions::keys(), &C::events)
      .check([](const ConfigSection& section, C& config) {
        if (config.profile == Profile::v1) requireRoomForHeartbeats(section, config);
      });
  return keys;
}

}  // namespace airbridge::websocket
