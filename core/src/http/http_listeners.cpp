#include "http/http_listeners.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include "http/http_header_gate.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <fmt/format.h>

#include <airbridge/http_responder.hpp>

namespace airbridge::core {

struct HttpListeners::Listener {
  SocketAddress address;
  std::vector<Route> routes;
  std::unique_ptr<HttpHeaderGate> gate;
  SocketAddress bound;
};

namespace {

class RoutedRequest final : public Poco::Net::HTTPRequestHandler {
 public:
  RoutedRequest(const HttpListeners::Route* route, const Logger& log) : route_(route), log_(log) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    if (route_ == nullptr) {
      HttpResponder().sendError(request, response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND,
                                "not_found", fmt::format("nothing is served at {}", request.getURI()));
      return;
    }
    try {
      route_->endpoint->handle(request, response);
    } catch (const std::exception& e) {
      // Control stays here: one bad request costs only itself.
      log_.error("{} {} failed in {}: {}", request.getMethod(), request.getURI(), route_->owner,
                 e.what());
      if (!response.sent()) {
        HttpResponder().sendError(request, response,
                                  Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal",
                                  "the server failed to answer this request; see its log");
      }
    }
  }

 private:
  const HttpListeners::Route* route_;
  const Logger& log_;
};

class RouteTable final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RouteTable(const std::vector<HttpListeners::Route>& routes, const Logger& log)
      : routes_(routes), log_(log) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override {
    std::string_view path = request.getURI();
    path = path.substr(0, path.find_first_of("?#"));
    return new RoutedRequest(HttpListeners::match(routes_, path), log_);
  }

 private:
  const std::vector<HttpListeners::Route>& routes_;
  const Logger& log_;
};

}  // namespace

HttpListeners::HttpListeners(const Logger& log, HttpListenerSettings settings)
    : log_(log), settings_(settings) {}

HttpListeners::~HttpListeners() { stop(); }

const HttpListeners::Route* HttpListeners::match(const std::vector<Route>& routes,
                                                 std::string_view path) {
  const Route* best = nullptr;
  for (const auto& route : routes) {
    const bool prefix = route.path.ends_with('/');
    const bool matches = prefix ? path.starts_with(route.path) : path == route.path;
    if (matches && (!best || route.path.size() > best->path.size())) best = &route;
  }
  return best;
}

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
  for (const auto& route : listener->routes) {
    if (route.path == path) {
      section.fail(key, fmt::format("path '{}' on {} is already served by {}; give one of them "
                                    "another path or listen address",
                                    path, listen.toString(), route.owner));
      return;
    }
  }
  listener->routes.push_back(Route{path, &endpoint, section.where()});
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
      Poco::Net::ServerSocket socket;
      socket.bind(Poco::Net::SocketAddress(listener->address.host(), listener->address.port()),
                  /*reuseAddress=*/true, /*reusePort=*/false);
      socket.listen(4096);  // a reconnect burst of thousands must not be refused
      const auto local = socket.address();
      listener->bound = SocketAddress(local.host().toString(), local.port());
      listener->gate = std::make_unique<HttpHeaderGate>(
          socket, new RouteTable(listener->routes, log_),
          HttpHeaderGate::Settings{settings_.workers, settings_.header_timeout,
                                   settings_.max_header_bytes},
          log_);
      listener->gate->start();
    } catch (const Poco::Exception& e) {
      stop();
      throw std::runtime_error(fmt::format("cannot listen on {}: {}; is another process using "
                                           "it? change listen: or stop the other process",
                                           listener->address.toString(), e.displayText()));
    }
    std::vector<std::string> paths;
    for (const auto& route : listener->routes) paths.push_back(route.path);
    log_.info("http listening on {} (paths: {})", listener->bound.toString(),
              fmt::join(paths, ", "));
  }
}

void HttpListeners::stop() noexcept {
  for (auto& listener : listeners_) {
    try {
      if (listener->gate) listener->gate->stop();
      listener->gate.reset();
    } catch (const std::exception& e) {
      log_.warning("stopping http on {}: {}", listener->address.toString(), e.what());
    }
  }
}

}  // namespace airbridge::core
