#pragma once
// One WebSocket client, owned by exactly one event-loop thread: nothing here is locked. Kept
// small on purpose (an idle client costs well under 1 KiB of user-space memory): no buffer is
// allocated until there is something to hold.

#include "ws_frame.hpp"

#include <airbridge/http_exchange.hpp>
#include <airbridge/outbound_queue.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace airbridge::websocket {

using Clock = std::chrono::steady_clock;

struct WsClient {
  WsClient(int fd_, std::string ip_, std::size_t max_message_size, Clock::time_point now)
      : fd(fd_), ip(std::move(ip_)), reader(max_message_size), lastHeard(now), lastProgress(now),
        nextHeartbeat(now) {}

  int fd;
  std::uint32_t index = 0;  ///< position in its loop's client list
  std::string ip;           ///< client address, for the sink's per-address limit
  ConnectionLease lease;    ///< the host's count of this address's connections
  WsFrameReader reader;

  OutboundQueue out;        ///< frames not yet fully written
  bool wantsWrite = false;  ///< EPOLLOUT armed

  Clock::time_point lastHeard;      ///< last heartbeat, ack, subscribe or pong
  Clock::time_point lastProgress;   ///< last time a write made progress (or the queue was empty)
  Clock::time_point nextHeartbeat;  ///< when the server sends its next op 3 / ping
  Clock::time_point closeDeadline{};
  Clock::time_point rateWindowStart{};
  int messagesInWindow = 0;

  // Protocol v1 session.
  std::array<char, 17> session{};   ///< 16 hex digits + NUL
  std::uint64_t lastSequenceSent = 0;
  std::uint8_t topics = 0;
  bool subscribed = false;

  bool closing = false;  ///< a close frame is queued; nothing else will be sent
  bool closeSent = false;
};

}  // namespace airbridge::websocket
