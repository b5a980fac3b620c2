#pragma once
// The public HTTP ports. Plugin instances claim paths at config time; at start the host opens one
// Poco HTTPServer per distinct listen address and routes every request (WebSocket upgrades
// included) to the instance that claimed its path.
//
// Workers never wait on clients: HttpHeaderGate holds each connection in an epoll thread until
// its request head is complete. Keep-alive is off on purpose: Poco's HTTPServerConnection holds
// its thread while a keep-alive connection idles, so idle REST clients could make a WebSocket
// upgrade queue behind them. One request per connection keeps every worker free for the next
// request (reverse proxies talk HTTP/1.0 to upstreams by default anyway).

#include <airbridge/http_routes.hpp>
#include <airbridge/logger.hpp>

#include <chrono>

#include <memory>
#include <mutex>
#include <vector>

namespace airbridge::core {

struct HttpListenerSettings {
  int workers = 16;                              ///< threads running handlers, per listener
  std::chrono::milliseconds header_timeout{10'000};  ///< a request head must arrive within this
  std::size_t max_header_bytes = 16 * 1024;
};

class HttpListeners final : public HttpRoutes {
 public:
  HttpListeners(const Logger& log, HttpListenerSettings settings = {});
  ~HttpListeners() override;

  void claim(const ConfigSection& section, std::string_view key, const SocketAddress& listen,
             const std::string& path, HttpEndpoint& endpoint) override;
  SocketAddress boundAddress(const SocketAddress& listen) const override;

  /// Opens every listener; throws std::runtime_error naming the address if one cannot bind
  /// (and leaves none open).
  void start();
  /// Stops accepting and aborts requests in progress. Idempotent.
  void stop() noexcept;

  struct Route {
    std::string path;
    HttpEndpoint* endpoint;
    std::string owner;  ///< the instance that claimed it, for messages
  };
  /// The claim that serves `path` (query already removed), or null.
  static const Route* match(const std::vector<Route>& routes, std::string_view path);

 private:
  struct Listener;
  const Logger& log_;
  HttpListenerSettings settings_;
  std::vector<std::unique_ptr<Listener>> listeners_;
};

}  // namespace airbridge::core
