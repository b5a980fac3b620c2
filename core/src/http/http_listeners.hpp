#pragma once
// The public HTTP ports. Plugin instances claim paths at config time; at start the host opens one
// Poco HTTPServer per distinct listen address and routes every request (WebSocket upgrades
// included) to the instance that claimed its path.
//
// Keep-alive is off on purpose: Poco's HTTPServer holds a worker thread for as long as a
// keep-alive connection idles, so a few idle REST clients could make a WebSocket upgrade queue
// behind them. One request per connection keeps every worker free for the next request (reverse
// proxies talk HTTP/1.0 to upstreams by default anyway).

#include <airbridge/http_routes.hpp>
#include <airbridge/logger.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class HTTPServer;
}

namespace airbridge::core {

struct HttpListenerSettings {
  int max_threads = 16;
  int max_queued = 20'000;            ///< a reconnect burst of thousands must not be refused
  std::chrono::seconds header_timeout{10};
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
