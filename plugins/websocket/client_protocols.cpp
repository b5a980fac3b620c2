#include "client_protocols.hpp"

#include "gateway_protocol.hpp"

#include <fmt/format.h>

#include <cstring>
#include <random>

namespace airbridge::websocket {
namespace {

/// 16 random hex digits: names a session in READY, RESUMED and the client's resume request.
std::string newSessionId() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}", random());
}

}  // namespace

void V1Protocol::onOpen(WsEventLoop& loop, WsClient& client) {
  loop.sendText(client, helloMessage(interval_.count()));
}

void V1Protocol::onText(WsEventLoop& loop, WsClient& client, std::string& text) {
  std::string why;
  const auto request = parseClientRequest(text, why);
  if (!request) {
    loop.close(client, close_code::decode_error, why);
    return;
  }
  switch (request->op) {
    case op::heartbeat:
      client.lastHeard = Clock::now();
      loop.sendText(client, heartbeatAckMessage());
      return;
    case op::heartbeat_ack:
      if (!client.subscribed) {
        loop.close(client, close_code::not_subscribed, "HEARTBEAT_ACK before SUBSCRIBE");
        return;
      }
      client.lastHeard = Clock::now();
      return;
    case op::subscribe:
      if (client.subscribed) {
        loop.close(client, close_code::already_subscribed, "already subscribed");
        return;
      }
      subscribe(loop, client, *request);
      return;
    default:
      loop.close(client, close_code::unknown_opcode, "unknown opcode");
  }
}

void V1Protocol::subscribe(WsEventLoop& loop, WsClient& client, const ClientRequest& request) {
  client.subscribed = true;
  client.topics = request.topics;
  client.lastHeard = Clock::now();
  client.nextHeartbeat = client.lastHeard + interval_;
  // Resuming needs the sequence to still be in the window, not a session this process issued:
  // after a restart (history restored from storage) a client's old session can carry on.
  if (request.resume) {
    if (auto missed = published_.since(request.resume->second)) {
      std::strncpy(client.session.data(), request.resume->first.c_str(), client.session.size() - 1);
      loop.sendText(client, resumedMessage(request.resume->first, request.resume->second,
                                           missed->size()));
      client.lastSequenceSent = request.resume->second;
      for (const auto& frame : *missed) {
        if (client.topics & static_cast<std::uint8_t>(topicOf(frame.is_track))) {
          loop.send(client, frame.frame);
        }
        client.lastSequenceSent = frame.sequence;
      }
      return;
    }
  }
  const std::string session = newSessionId();
  std::strncpy(client.session.data(), session.c_str(), client.session.size() - 1);
  const auto snapshot = published_.snapshot();
  client.lastSequenceSent = snapshot.sequence;
  loop.sendText(client, readyMessage(session, interval_.count(), snapshot, client.topics,
                                     request.resume.has_value()));
}

void V1Protocol::onBinary(WsEventLoop& loop, WsClient& client) {
  loop.close(client, close_code::decode_error, "protocol v1 speaks JSON text frames");
}

void V1Protocol::onTick(WsEventLoop& loop, WsClient& client, Clock::time_point now) {
  if (now - client.lastHeard > interval_ * 3 / 2) {
    loop.close(client, close_code::heartbeat_timeout, "no heartbeat");
    return;
  }
  if (client.subscribed && now >= client.nextHeartbeat) {
    loop.sendText(client, heartbeatMessage());
    client.nextHeartbeat = now + interval_;
  }
}

bool V1Protocol::wants(const WsClient& client, const PublishedFrame& frame) const {
  return client.subscribed && (client.topics & static_cast<std::uint8_t>(frame.topic)) &&
         frame.sequence > client.lastSequenceSent;
}

void LegacyProtocol::onOpen(WsEventLoop& loop, WsClient& client) {
  const auto snapshot = published_.snapshot();
  client.lastSequenceSent = snapshot.sequence;
  client.nextHeartbeat = Clock::now() + interval_;
  if (snapshot.now) loop.sendText(client, legacyMessage(*snapshot.now));
}

void LegacyProtocol::onTick(WsEventLoop& loop, WsClient& client, Clock::time_point now) {
  if (now - client.lastHeard > interval_ * 5 / 2) {
    loop.close(client, close_code::heartbeat_timeout, "no answer to pings");
    return;
  }
  if (now >= client.nextHeartbeat) {
    static const SharedFrame kPing = std::make_shared<const std::string>(encodeFrame(Opcode::ping, ""));
    loop.send(client, kPing);
    client.nextHeartbeat = now + interval_;
  }
}

bool LegacyProtocol::wants(const WsClient& client, const PublishedFrame& frame) const {
  return frame.topic == Topic::now_playing && frame.sequence > client.lastSequenceSent;
}

}  // namespace airbridge::websocket
