#include "ws_clients.hpp"

#include <fmt/format.h>

namespace airbridge::websocket {
namespace {
constexpr auto kCloseHandshakeTime = std::chrono::seconds{2};

WsClient& asClient(FanoutPeer& peer) { return static_cast<WsClient&>(peer); }
const WsClient& asClient(const FanoutPeer& peer) { return static_cast<const WsClient&>(peer); }
}  // namespace

void WsLink::close(std::uint16_t code, std::string_view reason) {
  loop_.closeWith(client, std::make_shared<const std::string>(encodeClose(code, reason)),
                  kCloseHandshakeTime);
}

WsClients::WsClients(ClientProtocol& protocol, ClientLimits limits, const Logger& log,
                     Counter& closed_slow, std::function<void(const std::string&)> released)
    : protocol_(protocol),
      limits_(limits),
      log_(log),
      closedSlow_(closed_slow),
      released_(std::move(released)) {}

std::unique_ptr<FanoutPeer> WsClients::makePeer(TakenConnection& taken) {
  return std::make_unique<WsClient>(taken, limits_.max_message_size, Clock::now());
}

void WsClients::opened(FanoutLoop& loop, FanoutPeer& peer, std::string& unread,
                       const std::string&) {
  WsLink link(loop, asClient(peer));
  // The greeting is queued before the client can see any broadcast.
  protocol_.onOpen(link);
  if (unread.empty()) return;
  link.client.reader.append(unread.data(), unread.size());
  readMessages(link);
}

void WsClients::received(FanoutLoop& loop, FanoutPeer& peer, const char* data, std::size_t size) {
  WsLink link(loop, asClient(peer));
  link.client.reader.append(data, size);
  readMessages(link);
}

void WsClients::readMessages(WsLink& link) {
  ClientMessage message;
  FrameError error;
  while (!link.client.closing && !link.client.gone()) {
    const auto result = link.client.reader.next(message, error);
    if (result == WsFrameReader::Result::error) {
      link.close(error.code, error.reason);
      return;
    }
    if (result == WsFrameReader::Result::need_more) return;
    dispatch(link, message);
  }
}

bool WsClients::overRateLimit(WsClient& client, Clock::time_point now) const {
  if (now - client.rateWindowStart >= std::chrono::minutes{1}) {
    client.rateWindowStart = now;
    client.messagesInWindow = 0;
  }
  return ++client.messagesInWindow > limits_.rate_limit;
}

void WsClients::dispatch(WsLink& link, ClientMessage& message) {
  switch (message.opcode) {
    case Opcode::ping:
      link.send(std::make_shared<const std::string>(encodeFrame(Opcode::pong, message.payload)));
      return;
    case Opcode::pong:
      link.client.lastHeard = Clock::now();
      return;
    case Opcode::close: {
      // Echo the client's code, as RFC 6455 asks; 1005 (none given) is answered with 1000.
      const std::uint16_t code =
          message.close_code == 1005 ? close_code::normal : message.close_code;
      link.close(code, "");
      return;
    }
    default:
      break;
  }
  if (overRateLimit(link.client, Clock::now())) {
    link.close(close_code::rate_limited, "rate limited");
    return;
  }
  if (message.opcode == Opcode::text) {
    protocol_.onText(link, message.payload);
  } else {
    protocol_.onBinary(link);
  }
}

bool WsClients::wants(const FanoutPeer& peer, const FanoutMessage& message) const {
  return protocol_.wants(asClient(peer), message);
}

void WsClients::tick(FanoutLoop& loop, FanoutPeer& peer, FanoutClock::time_point now) {
  WsLink link(loop, asClient(peer));
  protocol_.onTick(link, now);
}

void WsClients::tooSlow(FanoutLoop& loop, FanoutPeer& peer, std::string_view why) {
  closedSlow_.add();
  log_.debug("closing {} with 4010: {} ({} bytes queued)", peer.ip, why, peer.out.queuedBytes());
  WsLink link(loop, asClient(peer));
  link.close(close_code::too_slow, "too slow: reconnect and resume");
}

void WsClients::stopping(FanoutLoop& loop, FanoutPeer& peer) {
  WsLink link(loop, asClient(peer));
  link.close(close_code::going_away, "server shutting down");
}

}  // namespace airbridge::websocket
