#pragma once
// The websocket sink's side of the SDK's fan-out loops: WebSocket frames in (parsed, limited,
// control frames answered), the close handshake, and 4010 for a client that cannot keep up.
// What a message means is the profile's (ClientProtocol); the epoll loops, output queues and
// broadcast are the SDK's (FanoutPool). One instance serves every loop of a sink.

#include <airbridge/fanout_loop.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <functional>
#include <string>

#include "client_protocol.hpp"

namespace airbridge::websocket {

struct ClientLimits {
  std::size_t max_message_size = 4096;
  int rate_limit = 60;  ///< client messages per minute
};

class WsClients final : public FanoutHandler {
 public:
  /// `released(ip)` runs on a loop thread when a client is gone (for connection accounting).
  WsClients(ClientProtocol& protocol, ClientLimits limits, const Logger& log, Counter& closed_slow,
            std::function<void(const std::string&)> released);

  std::unique_ptr<FanoutPeer> makePeer(TakenConnection& taken) override;
  void opened(FanoutLoop& loop, FanoutPeer& peer, std::string& unread,
              const std::string& note) override;
  void received(FanoutLoop& loop, FanoutPeer& peer, const char* data, std::size_t size) override;
  bool wants(const FanoutPeer& peer, const FanoutMessage& message) const override;
  void tick(FanoutLoop& loop, FanoutPeer& peer, FanoutClock::time_point now) override;
  void tooSlow(FanoutLoop& loop, FanoutPeer& peer, std::string_view why) override;
  void stopping(FanoutLoop& loop, FanoutPeer& peer) override;
  void released(const std::string& ip) override { released_(ip); }

 private:
  /// Every whole message the reader holds, until it needs more bytes or the client is closing.
  void readMessages(WsLink& link);
  void dispatch(WsLink& link, ClientMessage& message);
  bool overRateLimit(WsClient& client, Clock::time_point now) const;

  ClientProtocol& protocol_;
  const ClientLimits limits_;
  const Logger& log_;
  Counter& closedSlow_;
  std::function<void(const std::string&)> released_;
};

}  // namespace airbridge::websocket
