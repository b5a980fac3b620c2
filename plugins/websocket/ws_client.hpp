#pragma once
// One WebSocket client, owned by exactly one fan-out loop thread: nothing here is locked. Kept
// small on purpose (an idle client costs well under 1 KiB of user-space memory): no buffer is
// allocated until there is something to hold. The socket, its output queue and the close
// handshake's state are the SDK's FanoutPeer; what is here is WebSocket's own.

#include "ws_frame.hpp"

#include <airbridge/fanout_loop.hpp>

#include <array>
#include <chrono>
#include <cstdint>

namespace airbridge::websocket {

using Clock = FanoutClock;

struct WsClient final : FanoutPeer {
  WsClient(TakenConnection& taken, std::size_t max_message_size, Clock::time_point now)
      : FanoutPeer(taken, now), reader(max_message_size), lastHeard(now), nextHeartbeat(now) {}

  WsFrameReader reader;
  Clock::time_point lastHeard;      ///< last heartbeat, ack, subscribe or pong
  Clock::time_point nextHeartbeat;  ///< when the server sends its next op 3 / ping
  Clock::time_point rateWindowStart{};
  int messagesInWindow = 0;

  // Protocol v1 session.
  std::array<char, 17> session{};  ///< 16 hex digits + NUL
  std::uint8_t topics = 0;
  bool subscribed = false;
};

}  // namespace airbridge::websocket
