#include "http/http_listeners.hpp"

#include "http/http_server_loop.hpp"

#include <Poco/Net/ServerSocket.h>
#include <fmt/format.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <thread>

namespace airbridge::core {

struct HttpListeners::Listener {
  SocketAddress address;
  SocketAddress bound;
  bool open = false;
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
  std::lock_guard lock(mutex_);
  Listener* listener = nullptr;
  for (auto& candidate : listeners_) {
    if (candidate->address == listen) listener = candidate.get();
  }
  if (!listener) {
    listeners_.push_back(std::make_unique<Listener>());
    listener = listeners_.back().get();
    listener->address = listen;
  }
  const HttpRouteTable routes = listener->port.routes.load();
  for (const auto& route : *routes) {
    if (route.path == path) {
      section.fail(key, fmt::format("path '{}' on {} is already served by {}; give one of them "
                                    "another path or listen address",
                                    path, listen.toString(), route.owner));
      return;
    }
  }
  auto next = std::make_shared<std::vector<HttpRoute>>(*routes);
  next->push_back(HttpRoute{path, &endpoint, section.where()});
  listener->port.routes.store(std::move(next));
}

void HttpListeners::release(const HttpEndpoint& endpoint) {
  std::vector<HttpRouteTable> replaced;
  {
    std::lock_guard lock(mutex_);
    for (auto& listener : listeners_) {
      HttpRouteTable old = listener->port.routes.load();
      auto kept = std::make_shared<std::vector<HttpRoute>>();
      for (const auto& route : *old) {
        if (route.endpoint != &endpoint) kept->push_back(route);
      }
      if (kept->size() == old->size()) continue;
      listener->port.routes.store(std::move(kept));
      replaced.push_back(std::move(old));
    }
  }
  // A request routed by an old table may still be inside the endpoint's handle(); handlers
  // answer from what they hold, so this is a wait of microseconds (and not under the lock,
  // which a handler may need).
  for (const auto& old : replaced) {
    while (old.use_count() > 1) std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  std::lock_guard lock(mutex_);
  std::erase_if(listeners_, [this](const std::unique_ptr<Listener>& listener) {
    if (!listener->port.routes.load()->empty()) return false;
    if (listener->open) log_.info("http no longer listening on {}: no path is served there", listener->port.address);
    close(*listener);
    return true;
  });
}

SocketAddress HttpListeners::boundAddress(const SocketAddress& listen) const {
  std::lock_guard lock(mutex_);
  for (const auto& listener : listeners_) {
    if (listener->address == listen) return listener->bound;
  }
  return listen;
}

void HttpListeners::start() {
  std::lock_guard lock(mutex_);
  std::vector<Listener*> opened;
  for (auto& listener : listeners_) {
    if (listener->open) continue;
    try {
      open(*listener);
      opened.push_back(listener.get());
    } catch (...) {
      for (Listener* done : opened) close(*done);
      throw;
    }
  }
}

void HttpListeners::open(Listener& listener) {
  try {
    // Never SO_REUSEPORT: a second airbridge on the same port must fail loudly.
    listener.socket = Poco::Net::ServerSocket();
    listener.socket.bind(Poco::Net::SocketAddress(listener.address.host(), listener.address.port()),
                         /*reuseAddress=*/true, /*reusePort=*/false);
    listener.socket.listen(4096);  // a reconnect burst of thousands must not be refused
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(fmt::format("cannot listen on {}: {}; is another process using "
                                         "it? change listen: or stop the other process",
                                         listener.address.toString(), e.displayText()));
  }
  const auto local = listener.socket.address();
  listener.bound = SocketAddress(local.host().toString(), local.port());
  HttpPort& port = listener.port;
  port.listen_fd = listener.socket.impl()->sockfd();
  fcntl(port.listen_fd, F_SETFL, fcntl(port.listen_fd, F_GETFL) | O_NONBLOCK);
  // Connections are accepted once they have sent something (or after header_timeout): a
  // silent connection costs no descriptor of ours, and the request is there when we read.
  const int deferSeconds = static_cast<int>((settings_.header_timeout.count() + 999) / 1000);
  setsockopt(port.listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &deferSeconds, sizeof deferSeconds);
  port.address = listener.bound.toString();
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
    listener.loops.push_back(std::make_unique<HttpServerLoop>(port));
    listener.loops.back()->start();
  }
  listener.open = true;
  std::vector<std::string> paths;
  for (const auto& route : *port.routes.load()) paths.push_back(route.path);
  log_.info("http listening on {} (paths: {})", port.address, fmt::join(paths, ", "));
}

void HttpListeners::close(Listener& listener) noexcept {
  for (auto& loop : listener.loops) loop->stop();
  listener.loops.clear();
  try {
    listener.socket.close();
  } catch (const Poco::Exception&) {
    // never opened, or already closed
  }
  listener.open = false;
}

void HttpListeners::stop() noexcept {
  std::lock_guard lock(mutex_);
  for (auto& listener : listeners_) close(*listener);
}

}  // namespace airbridge::core
