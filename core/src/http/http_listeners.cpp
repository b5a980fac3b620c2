#include "http/http_listeners.hpp"

#include "http/http_server_loop.hpp"

#include <Poco/Net/ServerSocket.h>
#include <fmt/format.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace airbridge::core {

struct HttpListeners::Listener {
  SocketAddress address;
  SocketAddress bound;
  Poco::Net::ServerSocket socket;
  HttpPort port;
  std::vector<std::unique_ptr<HttpServerLoop>> loops;
};

const HttpRoute* matchRoute(const std::vector<HttpRoute>& routes, std::string_view path) {
  const HttpRoute* best = nullptr;
  for (const auto& route : routes) {
    const bool prefix = route.path.ends_with('/');
    const bool matches = prefix ? path.starts_with(route.path) : path == route.path;
    if (matches && (!best || route.path.size() > best->path.size())) best = &route;
  }
  return best;
}

HttpListeners::HttpListeners(const Logger& log, HttpListenerSettings settings, Metrics& metrics)
    : log_(log),
      settings_(std::move(settings)),
      metrics_(metrics),
      // One count for every listen address: a client's connections add up across ports.
      perAddress_(std::make_shared<ClientAddressLimit>(settings_.max_connections_per_address)) {}

HttpListeners::~HttpListeners() { stop(); }

void HttpListeners::claim(const ConfigSection& section, std::string_view key,
                          const SocketAddress& listen, const std::string& path,
                          HttpEndpoint& endpoint) {
  if (!path.starts_with('/')) {
    section.fail(key, fmt::format("'{}' must start with '/'", path));
    return;
  }
  Listener* listener = nullptr;
  for (auto& candidate : listeners_) {
    if (candidate->address == listen) listener = candidate.get();
  }
  if (!listener) {
    listeners_.push_back(std::make_unique<Listener>());
    listener = listeners_.back().get();
    listener->address = listen;
  }
  for (const auto& route : listener->port.routes) {
    if (route.path == path) {
      section.fail(key, fmt::format("path '{}' on {} is already served by {}; give one of them "
                                    "another path or listen address",
                                    path, listen.toString(), route.owner));
      return;
    }
  }
  listener->port.routes.push_back(HttpRoute{path, &endpoint, section.where()});
}

SocketAddress HttpListeners::boundAddress(const SocketAddress& listen) const {
  for (const auto& listener : listeners_) {
    if (listener->address == listen) return listener->bound;
  }
  return listen;
}

void HttpListeners::start() {
  for (auto& listener : listeners_) {
    try {
      // Never SO_REUSEPORT: a second airbridge on the same port must fail loudly.
      listener->socket.bind(Poco::Net::SocketAddress(listener->address.host(), listener->address.port()),
                            /*reuseAddress=*/true, /*reusePort=*/false);
      listener->socket.listen(4096);  // a reconnect burst of thousands must not be refused
    } catch (const Poco::Exception& e) {
      stop();
      throw std::runtime_error(fmt::format("cannot listen on {}: {}; is another process using "
                                           "it? change listen: or stop the other process",
                                           listener->address.toString(), e.displayText()));
    }
    const auto local = listener->socket.address();
    listener->bound = SocketAddress(local.host().toString(), local.port());
    HttpPort& port = listener->port;
    port.listen_fd = listener->socket.impl()->sockfd();
    fcntl(port.listen_fd, F_SETFL, fcntl(port.listen_fd, F_GETFL) | O_NONBLOCK);
    // Connections are accepted once they have sent something (or after header_timeout): a
    // silent connection costs no descriptor of ours, and the request is there when we read.
    const int deferSeconds = static_cast<int>((settings_.header_timeout.count() + 999) / 1000);
    setsockopt(port.listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &deferSeconds, sizeof deferSeconds);
    port.address = listener->bound.toString();
    port.settings = settings_;
    port.per_address = perAddress_;
    port.log = &log_;
    const std::string label = fmt::format("listen=\"{}\"", port.address);
    port.counters = std::make_unique<HttpPortCounters>(HttpPortCounters{
        metrics_.counter("airbridge_http_requests_total", "HTTP requests answered", label),
        metrics_.counter("airbridge_http_connections_refused_total",
                         "Connections refused at accept", label + ",reason=\"per_address\""),
        metrics_.counter("airbridge_http_connections_refused_total",
                         "Connections refused at accept", label + ",reason=\"no_descriptors\""),
        metrics_.counter("airbridge_http_connections_reclaimed_total",
                         "Connections waiting for a request, closed to make room when out of "
                         "descriptors", label),
        metrics_.counter("airbridge_http_timeouts_total",
                         "Requests whose head or body did not arrive in time", label),
        metrics_.counter("airbridge_http_bad_requests_total",
                         "Requests refused before routing (malformed, too large)", label),
        metrics_.gauge("airbridge_http_connections",
                       "Open HTTP connections (not counting those taken by WebSocket or SSE)", label)});
    for (int i = 0; i < settings_.event_loops; ++i) {
      listener->loops.push_back(std::make_unique<HttpServerLoop>(port));
      listener->loops.back()->start();
    }
    std::vector<std::string> paths;
    for (const auto& route : port.routes) paths.push_back(route.path);
    log_.info("http listening on {} (paths: {})", port.address, fmt::join(paths, ", "));
  }
}

void HttpListeners::stop() noexcept {
  for (auto& listener : listeners_) {
    for (auto& loop : listener->loops) loop->stop();
    listener->loops.clear();
    try {
      listener->socket.close();
    } catch (const Poco::Exception&) {
      // never opened, or already closed
    }
  }
}

}  // namespace airbridge::core
