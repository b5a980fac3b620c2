#include "ws_handshake.hpp"

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
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  Poco::SHA1Engine sha1;
  sha1.update(key.data(), static_cast<unsigned>(key.size()));
  sha1.update(kGuid.data(), static_cast<unsigned>(kGuid.size()));
  const auto& digest = sha1.digest();  // 20 bytes: 28 characters of base64, one '=' of padding
  // Written out rather than through Poco's Base64Encoder, whose stream costs more than the
  // SHA-1 itself on every handshake.
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(28);
  for (std::size_t i = 0; i < digest.size(); i += 3) {
    const std::uint32_t a = digest[i];
    const std::uint32_t b = i + 1 < digest.size() ? digest[i + 1] : 0;
    const std::uint32_t c = i + 2 < digest.size() ? digest[i + 2] : 0;
    const std::uint32_t triple = (a << 16) | (b << 8) | c;
    out += kAlphabet[(triple >> 18) & 63];
    out += kAlphabet[(triple >> 12) & 63];
    out += i + 1 < digest.size() ? kAlphabet[(triple >> 6) & 63] : '=';
    out += i + 2 < digest.size() ? kAlphabet[triple & 63] : '=';
  }
  return out;
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
