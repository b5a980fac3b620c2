#include "ws_handshake.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Buffer.h>
#include <Poco/SHA1Engine.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <airbridge/http_responder.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace airbridge::websocket {
namespace {

bool isBase64Key(std::string_view key) {
  // 16 random bytes in base64: 22 characters and "==".
  return key.size() == 24 && key.ends_with("==") &&
         std::all_of(key.begin(), key.end() - 2, [](unsigned char c) {
           return std::isalnum(c) || c == '+' || c == '/';
         });
}

}  // namespace

std::string computeAcceptKey(std::string_view key) {
  Poco::SHA1Engine sha1;
  sha1.update(std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  const auto& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

std::optional<HandshakeRefusal> checkUpgrade(const HttpRequest& request,
                                             const std::vector<std::string>& allowed_origins) {
  if (request.method != "GET") {
    return HandshakeRefusal{405, "method_not_allowed", "a WebSocket upgrade is a GET"};
  }
  if (!headerHasToken(request.header("Upgrade", ""), "websocket") ||
      !headerHasToken(request.header("Connection", ""), "upgrade")) {
    return HandshakeRefusal{426, "upgrade_required", "this path speaks WebSocket: send Upgrade: websocket"};
  }
  if (request.header("Sec-WebSocket-Version", "") != "13") {
    return HandshakeRefusal{426, "unsupported_version", "only WebSocket version 13 is supported"};
  }
  if (!isBase64Key(request.header("Sec-WebSocket-Key", ""))) {
    return HandshakeRefusal{400, "bad_handshake", "Sec-WebSocket-Key must be 16 bytes in base64"};
  }
  if (!allowed_origins.empty()) {
    const std::string_view origin = request.header("Origin", "");
    if (std::find(allowed_origins.begin(), allowed_origins.end(), origin) == allowed_origins.end()) {
      return HandshakeRefusal{403, "origin_not_allowed",
                              fmt::format("Origin '{}' is not in allowed_origins", origin.substr(0, 200))};
    }
  }
  return std::nullopt;
}

void refuse(HttpReply& reply, const HandshakeRefusal& refusal) {
  reply.setStatus(refusal.status);
  if (refusal.status == 426) {
    reply.set("Sec-WebSocket-Version", "13");
    reply.set("Upgrade", "websocket");
  }
  reply.setBody("application/json", HttpResponder::errorBody(refusal.code, refusal.message));
}

void acceptUpgrade(const HttpRequest& request, HttpReply& reply, HttpReply::TakeOver take) {
  reply.setStatus(101);
  reply.set("Upgrade", "websocket");
  reply.set("Connection", "Upgrade");
  reply.set("Sec-WebSocket-Accept", computeAcceptKey(request.header("Sec-WebSocket-Key", "")));
  reply.takeOver(std::move(take));
}

}  // namespace airbridge::websocket
