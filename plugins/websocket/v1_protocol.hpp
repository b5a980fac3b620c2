#pragma once
// Protocol v1 (docs/protocol.md): HELLO, SUBSCRIBE -> READY or RESUMED, heartbeats both ways.
// Its messages, how a client's are read, and the profile that speaks them.

#include "client_protocol.hpp"

#include <airbridge/track_event.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace airbridge::websocket {

namespace op {
inline constexpr int dispatch = 0;
inline constexpr int hello = 1;
inline constexpr int subscribe = 2;
inline constexpr int heartbeat = 3;
inline constexpr int heartbeat_ack = 4;
}  // namespace op

std::string helloMessage(std::int64_t heartbeat_interval_ms);
std::string heartbeatMessage();
std::string heartbeatAckMessage();
/// `{"op":0,"t":"TRACK_CHANGED"|"PROGRAM_CHANGED","s":N,"d":...}`
std::string dispatchMessage(const Dispatch& event);
/// READY: session, heartbeat interval, the latest published sequence and the subscribed state.
std::string readyMessage(const std::string& session, std::int64_t heartbeat_interval_ms,
                         const PublishedFrames::Snapshot& state, std::uint8_t topics,
                         bool resume_failed);
std::string resumedMessage(const std::string& session, std::uint64_t from_sequence,
                           std::size_t replayed);
struct ClientRequest {
  int op = -1;
  std::uint8_t topics = 0;  ///< Topic bits, for SUBSCRIBE
  std::optional<std::pair<std::string, std::uint64_t>> resume;  ///< session id, sequence
};

/// nullopt with `why` set when the text is not JSON or not the shape of a v1 message.
std::optional<ClientRequest> parseClientRequest(const std::string& text, std::string& why);

class V1Protocol final : public ClientProtocol {
 public:
  V1Protocol(PublishedFrames& published, Duration heartbeat_interval)
      : published_(published), interval_(heartbeat_interval) {}

  std::optional<HandshakeRefusal> checkRequest(const HttpRequest&) const override { return std::nullopt; }
  std::optional<std::string> encode(const Dispatch& event) const override { return dispatchMessage(event); }
  void onOpen(WsLink& link) override;
  void onText(WsLink& link, std::string& text) override;
  void onBinary(WsLink& link) override;
  void onTick(WsLink& link, Clock::time_point now) override;
  bool wants(const WsClient& client, const FanoutMessage& message) const override;

 private:
  void subscribe(WsLink& link, const ClientRequest& request);

  PublishedFrames& published_;
  const Duration interval_;
};

}  // namespace airbridge::websocket
