#pragma once
// The KJHK app's profile (docs/protocol.md, "The KJHK legacy profile"): a drop-in for the old Go
// gateway. The app opens /api/?target=metadata, never speaks, and gets the latest track on
// connect, then each new one; liveness is checked with WebSocket pings.

#include "client_protocol.hpp"

namespace airbridge::websocket {

/// The app's message: track, type, album, artist, length (ms), timestampUTC.
std::string legacyMessage(const Dispatch& event);

class LegacyProtocol final : public ClientProtocol {
 public:
  LegacyProtocol(PublishedFrames& published, Duration ping_interval)
      : published_(published), interval_(ping_interval) {}

  std::optional<HandshakeRefusal> checkRequest(const HttpRequest& request) const override;
  std::optional<std::string> encode(const Dispatch& event) const override;
  void onOpen(WsLink& link) override;
  void onText(WsLink&, std::string&) override {}  // ignored, as the old gateway did
  void onBinary(WsLink&) override {}
  void onTick(WsLink& link, Clock::time_point now) override;
  bool wants(const WsClient& client, const FanoutMessage& message) const override;

 private:
  PublishedFrames& published_;
  const Duration interval_;
};

}  // namespace airbridge::websocket
