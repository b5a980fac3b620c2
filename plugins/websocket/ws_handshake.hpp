#pragma once
// The HTTP side of a WebSocket upgrade (RFC 6455 §4.2): checks the request, answers 101, and
// takes the socket away from Poco's HTTP server so an event loop can own it.

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <optional>
#include <string>
#include <vector>

namespace airbridge::websocket {

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
std::string computeAcceptKey(const std::string& key);

struct HandshakeRefusal {
  Poco::Net::HTTPResponse::HTTPStatus status;
  std::string code;     ///< for the JSON error body
  std::string message;
};

/// nullopt when `request` is a valid version-13 upgrade whose Origin is allowed.
std::optional<HandshakeRefusal> checkUpgrade(const Poco::Net::HTTPServerRequest& request,
                                             const std::vector<std::string>& allowed_origins);

void refuse(Poco::Net::HTTPServerResponse& response, const HandshakeRefusal& refusal);

struct DetachedSocket {
  int fd = -1;           ///< non-blocking, owned by the caller
  std::string leftover;  ///< bytes the HTTP server had already read past the request
};

/// Sends 101 Switching Protocols and detaches the connection from the HTTP server.
DetachedSocket acceptUpgrade(Poco::Net::HTTPServerRequest& request,
                             Poco::Net::HTTPServerResponse& response);

}  // namespace airbridge::websocket
