#pragma once
// The HTTP side of a WebSocket upgrade (RFC 6455 §4.2): checks the request and answers 101; the
// host then writes the answer and hands the connection to the sink's event loop.

#include <airbridge/http_exchange.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge::websocket {

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
std::string computeAcceptKey(std::string_view key);

struct HandshakeRefusal {
  int status;
  std::string code;     ///< for the JSON error body
  std::string message;
};

/// nullopt when `request` is a valid version-13 upgrade whose Origin is allowed.
std::optional<HandshakeRefusal> checkUpgrade(const HttpRequest& request,
                                             const std::vector<std::string>& allowed_origins);

void refuse(HttpReply& reply, const HandshakeRefusal& refusal);

/// Answers 101 Switching Protocols; `take` gets the connection once that answer is written.
void acceptUpgrade(const HttpRequest& request, HttpReply& reply, HttpReply::TakeOver take);

}  // namespace airbridge::websocket
