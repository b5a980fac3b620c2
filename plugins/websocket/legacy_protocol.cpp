#include "legacy_protocol.hpp"

#include <fmt/format.h>

namespace airbridge::websocket {

std::string legacyMessage(const Dispatch& event) {
  const TrackEvent& track = *event.track();
  // The app shows the timestamp as the start of play; before Zetta reports one, the moment
  // airbridge admitted the event is the best estimate.
  const std::string& when = track.started_at.empty() ? event.admitted_at : track.started_at;
  return fmt::format(R"({{"track":{},"type":{},"album":{},"artist":{},"length":{},"timestampUTC":{}}})",
                     jsonQuote(track.title), jsonQuote(track.type.empty() ? "OTHER" : track.type),
                     jsonQuote(track.album), jsonQuote(track.artist), track.duration_ms.value_or(0),
                     jsonQuote(when));
}

std::optional<HandshakeRefusal> LegacyProtocol::checkRequest(const HttpRequest& request) const {
  const std::string* target = request.queryValue("target");
  if (!target || *target != "metadata") {
    return HandshakeRefusal{400, "unknown_target", "this endpoint serves ?target=metadata"};
  }
  return std::nullopt;
}

std::optional<std::string> LegacyProtocol::encode(const Dispatch& event) const {
  if (!event.isTrack()) return std::nullopt;  // the app knows nothing of programs
  return legacyMessage(event);
}

void LegacyProtocol::onOpen(WsLink& link) {
  WsClient& client = link.client;
  const auto snapshot = published_.snapshot();
  client.last_sequence = snapshot.sequence;
  client.nextHeartbeat = Clock::now() + interval_;
  if (snapshot.now) link.sendText(legacyMessage(*snapshot.now));
}

void LegacyProtocol::onTick(WsLink& link, Clock::time_point now) {
  WsClient& client = link.client;
  if (now - client.lastHeard > interval_ * 5 / 2) {
    link.close(close_code::heartbeat_timeout, "no answer to pings");
    return;
  }
  if (now >= client.nextHeartbeat) {
    static const SharedFrame kPing = std::make_shared<const std::string>(encodeFrame(Opcode::ping, ""));
    link.send(kPing);
    client.nextHeartbeat = now + interval_;
  }
}

bool LegacyProtocol::wants(const WsClient& client, const FanoutMessage& frame) const {
  return frame.topic == static_cast<std::uint8_t>(Topic::now_playing) && frame.sequence > client.last_sequence;
}

}  // namespace airbridge::websocket
