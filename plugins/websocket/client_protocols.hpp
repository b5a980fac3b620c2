#pragma once
// The two profiles a websocket sink instance can speak to its clients.

#include "published_frames.hpp"
#include "ws_event_loop.hpp"

namespace airbridge::websocket {

/// Protocol v1 (docs/protocol.md): HELLO, SUBSCRIBE -> READY or RESUMED, heartbeats both ways.
class V1Protocol final : public ClientProtocol {
 public:
  V1Protocol(PublishedFrames& published, Duration heartbeat_interval)
      : published_(published), interval_(heartbeat_interval) {}

  void onOpen(WsEventLoop& loop, WsClient& client) override;
  void onText(WsEventLoop& loop, WsClient& client, std::string& text) override;
  void onBinary(WsEventLoop& loop, WsClient& client) override;
  void onTick(WsEventLoop& loop, WsClient& client, Clock::time_point now) override;
  bool wants(const WsClient& client, const PublishedFrame& frame) const override;

 private:
  void subscribe(WsEventLoop& loop, WsClient& client, const struct ClientRequest& request);

  PublishedFrames& published_;
  const Duration interval_;
};

/// The KJHK app's profile (docs/protocol.md, "The KJHK legacy profile"): the latest track on connect, then each new one; the
/// client never speaks, so liveness is checked with WebSocket pings.
class LegacyProtocol final : public ClientProtocol {
 public:
  LegacyProtocol(PublishedFrames& published, Duration ping_interval)
      : published_(published), interval_(ping_interval) {}

  void onOpen(WsEventLoop& loop, WsClient& client) override;
  void onText(WsEventLoop&, WsClient&, std::string&) override {}  // ignored, as the old gateway did
  void onBinary(WsEventLoop&, WsClient&) override {}
  void onTick(WsEventLoop& loop, WsClient& client, Clock::time_point now) override;
  bool wants(const WsClient& client, const PublishedFrame& frame) const override;

 private:
  PublishedFrames& published_;
  const Duration interval_;
};

}  // namespace airbridge::websocket
