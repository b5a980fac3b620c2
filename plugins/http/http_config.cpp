#include "http_config.hpp"

#include <fmt/format.h>

namespace airbridge::http {
HttpSinkConfig HttpSinkConfig::parse(const ConfigSection& section) {
  HttpSinkConfig config;
  config.listen = section.optional<SocketAddress>("listen", config.listen);
  config.cors_origins = section.optional<std::vector<std::string>>("cors_origins", config.cors_origins);
  const auto maxRequest = section.optional<std::int64_t>("max_request_bytes", 16 * 1024);
  section.requireBetween<std::int64_t>("max_request_bytes", maxRequest, 0, 16 * 1024 * 1024);
  config.max_request_bytes = static_cast<std::size_t>(maxRequest);
  const auto history = section.optional<std::int64_t>("history_size", 500);
  section.requireBetween<std::int64_t>("history_size", history, 1, 100'000);
  config.history_size = static_cast<std::size_t>(history);
  config.sse_keepalive = section.optional<Duration>("sse_keepalive", config.sse_keepalive);
  section.requireBetween("sse_keepalive", config.sse_keepalive, Duration{100}, Duration{std::chrono::hours{1}});
  const auto queued = section.optional<std::int64_t>("sse_max_queued_bytes", 256 * 1024);
  section.requireBetween<std::int64_t>("sse_max_queued_bytes", queued, 1024, 64 * 1024 * 1024);
  config.sse_max_queued_bytes = static_cast<std::size_t>(queued);
  config.sse_max_connections = section.optional<int>("sse_max_connections", config.sse_max_connections);
  section.requireBetween("sse_max_connections", config.sse_max_connections, 1, 1'000'000);
  const auto window = section.optional<std::int64_t>("resume_window", 500);
  section.requireBetween<std::int64_t>("resume_window", window, 0, 100'000);
  config.resume_window = static_cast<std::size_t>(window);
  config.demo_page = section.optional<bool>("demo_page", true);
  config.demo_websocket_path = section.optional<std::string>("demo_websocket_path", "/ws");
  config.events = SinkEventOptions::parse(section);
  return config;
}

}  // namespace airbridge::http
