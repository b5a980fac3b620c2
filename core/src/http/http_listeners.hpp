#pragma once
// The public HTTP ports. Plugin instances claim paths at config time (and on SIGHUP, while the
// others serve on); at start the host opens each distinct listen address once and serves it with `http.event_loops` HttpServerLoops, which
// route every request (WebSocket upgrades and event streams included) to the instance that
// claimed its path. HTTP/1.1 keep-alive is on: a connection between requests costs a descriptor
// and a little memory, never a thread.

#include "http/http_port.hpp"

#include <airbridge/http_routes.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace airbridge::core {

class HttpListeners final : public HttpRoutes {
 public:
  HttpListeners(const Logger& log, HttpListenerSettings settings, Metrics& metrics);
  ~HttpListeners() override;

  void claim(const ConfigSection& section, std::string_view key, const SocketAddress& listen,
             const std::string& path, HttpEndpoint& endpoint) override;
  SocketAddress boundAddress(const SocketAddress& listen) const override;
  /// Takes back every path `endpoint` claimed and returns once no request is still inside its
  /// handle(): it may then be destroyed. A listen address left with no path is closed.
  void release(const HttpEndpoint& endpoint);

  /// Opens every listener not open yet (at start, and after SIGHUP claimed a new address);
  /// throws std::runtime_error naming the address if one cannot bind, and then leaves none of
  /// this call's open.
  void start();
  /// Stops accepting and closes the connections still in HTTP (taken ones belong to their
  /// routes). Returns at once whatever clients hold. Idempotent.
  void stop() noexcept;

 private:
  struct Listener;
  void open(Listener& listener);
  static void close(Listener& listener) noexcept;

  const Logger& log_;
  HttpListenerSettings settings_;
  Metrics& metrics_;
  std::shared_ptr<ClientAddressLimit> perAddress_;
  mutable std::mutex mutex_;  // the list; claims and releases come from the signal thread too
  std::vector<std::unique_ptr<Listener>> listeners_;
};

}  // namespace airbridge::core
