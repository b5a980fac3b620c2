#pragma once
// What every event loop of one public listen address shares: the listening socket, the routes
// claimed on it, the settings, the per-address connection count, and the rate limit of the
// "out of descriptors" warning.

#include "http/client_address_limit.hpp"

#include <airbridge/duration.hpp>
#include <airbridge/http_routes.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/network_list.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace airbridge::core {

/// The `http:` section of the host config (README, "http").
struct HttpListenerSettings {
  int event_loops = 2;                      ///< threads serving connections, per listen address
  Duration header_timeout{10'000};          ///< the whole request head must arrive within this
  Duration body_timeout{30'000};            ///< a request body, once its head is in
  Duration idle_timeout{60'000};            ///< a kept-alive connection with no request
  Duration send_timeout{30'000};            ///< the whole answer must be taken within this
  int max_requests_per_connection = 1000;
  std::size_t max_header_bytes = 16 * 1024;
  int max_headers = 100;
  std::size_t max_body_bytes = 1024 * 1024;
  int max_connections_per_address = 256;    ///< 0: no limit
  NetworkList trusted_proxies;              ///< whose X-Forwarded-For / X-Real-IP is believed
};

struct HttpRoute {
  std::string path;
  HttpEndpoint* endpoint = nullptr;
  std::string owner;  ///< the instance that claimed it, for messages
};

/// The claim that serves `path` (query already removed), or null: a path ending in '/' is a
/// prefix, otherwise it must match exactly; the longest match wins.
const HttpRoute* matchRoute(const std::vector<HttpRoute>& routes, std::string_view path);

struct HttpPortCounters {
  Counter& requests;
  Counter& refused_per_address;
  Counter& shed_no_descriptors;
  Counter& reclaimed;
  Counter& timed_out;
  Counter& bad_requests;
  Gauge& open;
};

/// Replaced whole when an instance claims or releases a path (SIGHUP); a request holds the
/// table it was routed by until its handler returns.
using HttpRouteTable = std::shared_ptr<const std::vector<HttpRoute>>;

struct HttpPort {
  int listen_fd = -1;
  std::string address;  ///< as bound, for messages
  std::atomic<HttpRouteTable> routes{std::make_shared<const std::vector<HttpRoute>>()};
  HttpListenerSettings settings;
  std::shared_ptr<ClientAddressLimit> per_address;
  const Logger* log = nullptr;
  std::unique_ptr<HttpPortCounters> counters;
  /// Descriptor shortage: connections shed and waiting ones closed since the last warning, and
  /// when that was.
  std::atomic<std::uint64_t> shed_since_warning{0};
  std::atomic<std::uint64_t> reclaimed_since_warning{0};
  std::atomic<std::int64_t> last_shed_warning_ms{0};
};

}  // namespace airbridge::core
