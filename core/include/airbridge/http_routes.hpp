#pragma once
/// The host owns the HTTP listeners; plugins claim paths on them. Several instances can then
/// share one public port (WebSocket at /ws, legacy at /api/, REST for the rest) behind one
/// reverse-proxy rule. A path ending in '/' is a prefix; otherwise it must match exactly.
/// The longest matching claim wins.

#include <airbridge/config_section.hpp>
#include <airbridge/http_exchange.hpp>
#include <airbridge/socket_address.hpp>

#include <string>

namespace airbridge {

class HttpEndpoint {
 public:
  virtual ~HttpEndpoint() = default;
  /// Runs on one of the host's HTTP event loop threads, which serve many connections each: it
  /// must answer from what it holds (no waiting on I/O or on a slow lock). To keep the
  /// connection (WebSocket, SSE), it calls reply.takeOver() and hands the socket to its own loop.
  virtual void handle(const HttpRequest& request, HttpReply& reply) = 0;
};

class HttpRoutes {
 public:
  virtual ~HttpRoutes() = default;
  /// Claims `path` on `listen` for `endpoint`, which must outlive the sink's stop(). A path
  /// another instance claimed on the same address is recorded as a problem at `section`'s `key`.
  virtual void claim(const ConfigSection& section, std::string_view key,
                     const SocketAddress& listen, const std::string& path,
                     HttpEndpoint& endpoint) = 0;
  /// The address a listener really bound (port 0 resolved); valid after the host started it.
  virtual SocketAddress boundAddress(const SocketAddress& listen) const = 0;
};

}  // namespace airbridge
