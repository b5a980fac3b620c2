#pragma once
// The http sink's YAML section (documented key by key in README.md).

#include <airbridge/config_keys.hpp>
#include <airbridge/sink_options.hpp>

#include <string>
#include <vector>

namespace airbridge::http {

struct HttpSinkConfig {
  SocketAddress listen{"0.0.0.0", 8080};
  std::vector<std::string> cors_origins{"*"};  ///< "*" or exact origins; empty: no CORS headers
  std::size_t max_request_bytes = 16 * 1024;
  std::size_t history_size = 500;
  Duration sse_keepalive = std::chrono::seconds{15};
  std::size_t sse_max_queued_bytes = 256 * 1024;
  int sse_max_connections = 10'000;
  int event_loops = 2;  ///< threads sharing the SSE streams
  std::size_t resume_window = 500;
  std::string demo_websocket_path = "/ws";  ///< where the demo page connects
  bool demo_page = true;
  bool metrics = true;  ///< serve /metrics here (false: only on the admin listener)
  SinkEventOptions events;

  static const ConfigKeys<HttpSinkConfig>& keys();
};

}  // namespace airbridge::http
