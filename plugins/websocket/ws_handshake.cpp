#include "ws_handshake.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Buffer.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
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

using Poco::Net::HTTPResponse;

bool containsToken(const std::string& header, std::string_view token) {
  std::string lower(header);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::istringstream parts(lower);
  for (std::string part; std::getline(parts, part, ',');) {
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (part == token) return true;
  }
  return false;
}

bool isBase64Key(const std::string& key) {
  // 16 random bytes in base64: 22 characters and "==".
  return key.size() == 24 && key.ends_with("==") &&
         std::all_of(key.begin(), key.end() - 2, [](unsigned char c) {
           return std::isalnum(c) || c == '+' || c == '/';
         });
}

}  // namespace

std::string computeAcceptKey(const std::string& key) {
  Poco::SHA1Engine sha1;
  sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  const auto& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

std::optional<HandshakeRefusal> checkUpgrade(const Poco::Net::HTTPServerRequest& request,
                                             const std::vector<std::string>& allowed_origins) {
  if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET) {
    return HandshakeRefusal{HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                            "a WebSocket upgrade is a GET"};
  }
  if (!containsToken(request.get("Upgrade", ""), "websocket") ||
      !containsToken(request.get("Connection", ""), "upgrade")) {
    return HandshakeRefusal{HTTPResponse::HTTP_UPGRADE_REQUIRED, "upgrade_required",
                            "this path speaks WebSocket: send Upgrade: websocket"};
  }
  if (request.get("Sec-WebSocket-Version", "") != "13") {
    return HandshakeRefusal{HTTPResponse::HTTP_UPGRADE_REQUIRED, "unsupported_version",
                            "only WebSocket version 13 is supported"};
  }
  if (!isBase64Key(request.get("Sec-WebSocket-Key", ""))) {
    return HandshakeRefusal{HTTPResponse::HTTP_BAD_REQUEST, "bad_handshake",
                            "Sec-WebSocket-Key must be 16 bytes in base64"};
  }
  if (!allowed_origins.empty()) {
    const std::string origin = request.get("Origin", "");
    if (std::find(allowed_origins.begin(), allowed_origins.end(), origin) == allowed_origins.end()) {
      return HandshakeRefusal{HTTPResponse::HTTP_FORBIDDEN, "origin_not_allowed",
                              fmt::format("Origin '{}' is not in allowed_origins", origin)};
    }
  }
  return std::nullopt;
}

void refuse(Poco::Net::HTTPServerResponse& response, const HandshakeRefusal& refusal) {
  const std::string body = HttpResponder::errorBody(refusal.code, refusal.message);
  response.setStatus(refusal.status);
  if (refusal.status == HTTPResponse::HTTP_UPGRADE_REQUIRED) {
    response.set("Sec-WebSocket-Version", "13");
    response.set("Upgrade", "websocket");
  }
  response.setContentType("application/json");
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

DetachedSocket acceptUpgrade(Poco::Net::HTTPServerRequest& request,
                             Poco::Net::HTTPServerResponse& response) {
  response.setStatusAndReason(HTTPResponse::HTTP_SWITCHING_PROTOCOLS);
  response.set("Upgrade", "websocket");
  response.set("Connection", "Upgrade");
  response.set("Sec-WebSocket-Accept", computeAcceptKey(request.get("Sec-WebSocket-Key")));
  response.send().flush();
  auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
  // Bytes the client sent right after its request (a SUBSCRIBE, say) are already in the HTTP
  // session's buffer: take them along, or they are lost.
  Poco::Buffer<char> buffered(0);
  impl.session().drainBuffer(buffered);
  Poco::Net::StreamSocket socket = impl.detachSocket();
  DetachedSocket detached;
  detached.leftover.assign(buffered.begin(), buffered.size());
  detached.fd = fcntl(socket.impl()->sockfd(), F_DUPFD_CLOEXEC, 0);  // ours; Poco closes its copy
  if (detached.fd >= 0) fcntl(detached.fd, F_SETFL, fcntl(detached.fd, F_GETFL) | O_NONBLOCK);
  return detached;
}

}  // namespace airbridge::websocket
