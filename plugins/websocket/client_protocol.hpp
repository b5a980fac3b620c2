#pragma once
// What a profile is: the one interface a websocket sink instance speaks to its clients through.
// Each profile lives in its own file (v1_protocol, legacy_protocol) and owns its messages, their
// encoding and the check of the upgrade request; the framing, limits and fan-out are shared.

#include <optional>
#include <string>
#include <string_view>

#include "published_frames.hpp"
#include "ws_client.hpp"
#include "ws_handshake.hpp"

namespace airbridge::websocket {

/// One client as a profile sees it on its loop thread: the client, and what may be sent to it.
class WsLink {
 public:
  WsLink(FanoutLoop& loop, WsClient& client) : loop_(loop), client(client) {}
  void send(SharedFrame frame) { loop_.send(client, std::move(frame)); }
  void sendText(std::string_view text) { send(makeTextFrame(text)); }
  /// The close handshake: a close frame, then the client has 2 s to close its side.
  void close(std::uint16_t code, std::string_view reason);

 private:
  FanoutLoop& loop_;

 public:
  WsClient& client;
};

class ClientProtocol {
 public:
  virtual ~ClientProtocol() = default;

  // On the sink's thread:
  /// A refusal when the upgrade request is not for this profile (e.g. the legacy ?target=).
  virtual std::optional<HandshakeRefusal> checkRequest(const HttpRequest& request) const = 0;
  /// The message every client of this profile is sent for `event`, or nullopt when the profile
  /// does not carry that kind of event.
  virtual std::optional<std::string> encode(const Dispatch& event) const = 0;

  // On a loop thread:
  virtual void onOpen(WsLink& link) = 0;
  virtual void onText(WsLink& link, std::string& text) = 0;
  virtual void onBinary(WsLink& link) = 0;
  /// Heartbeats and timeouts, about every 250 ms.
  virtual void onTick(WsLink& link, Clock::time_point now) = 0;
  /// Whether `message` goes to `client` (topics, sequence already sent).
  virtual bool wants(const WsClient& client, const FanoutMessage& message) const = 0;
};

}  // namespace airbridge::websocket
