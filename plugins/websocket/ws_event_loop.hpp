#pragma once
// An epoll thread that owns a share of the WebSocket clients: reads and parses their frames,
// writes queued frames without ever blocking, runs heartbeats and timeouts, and fans each
// broadcast frame out to its clients. Other threads talk to it only through adopt(), broadcast()
// and stop(), which queue a command and wake it through an eventfd.

#include "published_frames.hpp"
#include "ws_client.hpp"

#include <airbridge/duration.hpp>
#include <airbridge/http_exchange.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace airbridge::websocket {

class WsEventLoop;

/// What a profile does with its clients; called on the loop thread only.
class ClientProtocol {
 public:
  virtual ~ClientProtocol() = default;
  virtual void onOpen(WsEventLoop& loop, WsClient& client) = 0;
  virtual void onText(WsEventLoop& loop, WsClient& client, std::string& text) = 0;
  virtual void onBinary(WsEventLoop& loop, WsClient& client) = 0;
  /// Heartbeats and timeouts, about every 250 ms.
  virtual void onTick(WsEventLoop& loop, WsClient& client, Clock::time_point now) = 0;
  /// Whether `frame` goes to `client` (topics, sequence already sent).
  virtual bool wants(const WsClient& client, const PublishedFrame& frame) const = 0;
};

struct LoopSettings {
  std::size_t max_message_size = 4096;
  std::size_t max_queued_bytes = 256 * 1024;
  Duration stall_timeout{60'000};  ///< queued output with no write progress this long: 4010
  int rate_limit = 60;             ///< client messages per minute
};

class WsEventLoop {
 public:
  /// `onClosed(ip)` runs on the loop thread when a client is gone (for connection accounting).
  WsEventLoop(ClientProtocol& protocol, LoopSettings settings, const Logger& log, Metrics& metrics,
              const std::string& sink, std::function<void(const std::string&)> on_closed);
  ~WsEventLoop();

  void start();
  /// Closes every client with 1001, flushes for up to `grace`, and joins.
  void stop(Duration grace) noexcept;

  /// Takes ownership of a handshaken socket (and of the bytes read past the handshake).
  void adopt(TakenConnection taken);
  void broadcast(PublishedFrame frame);

  // For ClientProtocol, on the loop thread:
  void send(WsClient& client, SharedFrame frame);
  void sendText(WsClient& client, std::string_view text);
  void close(WsClient& client, std::uint16_t code, std::string_view reason);

  std::size_t clientCount() const { return count_.load(std::memory_order_relaxed); }

 private:
  struct Command;
  struct Commands;  // LoopMailbox<Command>, defined with Command in the .cpp
  void run();
  void runCommands();
  void onReadable(WsClient& client);
  void flush(WsClient& client);
  /// Bookkeeping after a write: progress time, EPOLLOUT, the end of a close handshake.
  void afterWrite(WsClient& client, OutboundQueue::Result result);
  void armWrite(WsClient& client, bool on);
  void tick(Clock::time_point now);
  /// Closes the socket at once (peer gone, write failed, or given up on with `abort`: a reset);
  /// the object lives until the pass ends.
  void drop(WsClient& client, bool abort = false);
  void destroy(WsClient& client);
  void dispatch(WsClient& client, ClientMessage& message);
  bool overRateLimit(WsClient& client, Clock::time_point now);

  ClientProtocol& protocol_;
  const LoopSettings settings_;
  const Logger& log_;
  Counter& delivered_;
  Histogram& latency_;
  Counter& closedSlow_;
  std::function<void(const std::string&)> onClosed_;
  std::unique_ptr<Commands> mailbox_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  Duration grace_{0};
  std::vector<std::unique_ptr<WsClient>> clients_;
  std::vector<WsClient*> doomed_;  // closed during this pass, destroyed at its end
  std::atomic<std::size_t> count_{0};
};

}  // namespace airbridge::websocket
