#include "http_config.hpp"

namespace airbridge::http {

const ConfigKeys<HttpSinkConfig>& HttpSinkConfig::keys() {
  using C = HttpSinkConfig;
  static const auto keys = ConfigKeys<C>()
      .key("listen", &C::listen, "public HTTP address, shared with other sinks")
      .key("cors_origins", &C::cors_origins, "\"*\" or exact origins allowed to read from a browser; [] sends no CORS headers")
      .key("max_request_bytes", &C::max_request_bytes, between<std::int64_t>(0, 16 * 1024 * 1024),
           "largest request body (413 beyond it)")
      .key("history_size", &C::history_size, between<std::int64_t>(1, 100'000),
           "most events /v1/history returns")
      .key("sse_keepalive", &C::sse_keepalive, between(Duration{100}, Duration{std::chrono::hours{1}}),
           "comment line sent to idle SSE streams so proxies keep them")
      .key("sse_max_queued_bytes", &C::sse_max_queued_bytes, between<std::int64_t>(1024, 64 * 1024 * 1024),
           "bytes an SSE client has not read yet before it is dropped")
      .key("sse_max_connections", &C::sse_max_connections, between(1, 1'000'000),
           "SSE streams; 503 beyond")
      .key("event_loops", &C::event_loops, between(1, 64), "epoll threads sharing the SSE streams")
      .key("resume_window", &C::resume_window, between<std::int64_t>(0, 100'000),
           "published events kept for Last-Event-ID")
      .key("demo_page", &C::demo_page, "serve the demo page at /")
      .key("metrics", &C::metrics, "serve /metrics (false when admin.metrics_on_admin moves it to the admin listener)")
      .key("demo_websocket_path", &C::demo_websocket_path, "where the demo page connects")
      .include(SinkEventOptions::keys(), &C::events);
  return keys;
}

}  // namespace airbridge::http
