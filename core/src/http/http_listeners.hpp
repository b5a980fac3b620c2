#pragma once
// The public HTTP ports. Plugin instances claim paths at config time; at start the host opens
// each distinct listen address once and serves it with `http.event_loops` HttpServerLoops, which
// route every request (WebSocket upgrades and event streams included) to the instance that
// claimed its path. HTTP/1.1 keep-alive is on: a connection between requests costs a descriptor
// and a little memory, never a thread.

#include "http/http_port.hpp"

#include <airbridge/http_routes.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>

#include <memory>
#include <vector>

namespace airbridge::core {

class HttpListeners final : public HttpRoutes {
 public:
  HttpListeners(const Logger& log, HttpListenerSettings settings, Metrics& metrics);
  ~HttpListeners() override;

  void claim(const ConfigSection& section, std::string_view key, const SocketAddress& listen,
             const std::string& path, HttpEndpoint& endpoint) override;
  SocketAddress boundAddress(const SocketAddress& listen) const override;

  /// Opens every listener; throws std::runtime_error naming the address if one cannot bind
  /// (and leaves none open).
  void start();
  /// Stops accepting and closes the connections still in HTTP (taken ones belong to their
  /// routes). Returns at once whatever clients hold. Idempotent.
  void stop() noexcept;

 private:
  struct Listener;
  const Logger& log_;
  HttpListenerSettings settings_;
  Metrics& metrics_;
  std::shared_ptr<ClientAddressLimit> perAddress_;
  std::vector<std::unique_ptr<Listener>> listeners_;
};

}  // namespace airbridge::core
