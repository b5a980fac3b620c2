#pragma once
/// The one fan-out machine every streaming output shares (WebSocket, Server-Sent Events, and
/// whatever comes next): `event_loops` epoll threads, each owning a share of the peers, woken by
/// an eventfd mailbox, writing each broadcast (encoded once) to every peer that wants it without
/// ever blocking: write at once, queue what the socket refused, arm EPOLLOUT only then, and give
/// up on a peer whose queue passes its budget or stops moving. A plugin supplies only what is its
/// own, in a FanoutHandler: what a peer is, what it is greeted with, what it sends, what it wants.
///
/// Threads: adopt(), broadcast() and stop() from any thread; everything else (every handler call,
/// send(), closeWith(), drop()) on the peer's loop thread only, so nothing about a peer is locked.

#include <airbridge/duration.hpp>
#include <airbridge/http_exchange.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/outbound_queue.hpp>
#include <airbridge/sdk_export.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace airbridge {

using FanoutClock = std::chrono::steady_clock;
using SharedBytes = OutboundQueue::Frame;

/// One peer of a loop. A plugin derives its client from it and adds its own state.
struct AIRBRIDGE_SDK_API FanoutPeer {
  FanoutPeer(TakenConnection& taken, FanoutClock::time_point now);
  virtual ~FanoutPeer();
  FanoutPeer(const FanoutPeer&) = delete;
  FanoutPeer& operator=(const FanoutPeer&) = delete;

  int fd;
  std::string ip;                      ///< as HttpRequest::client_ip
  ConnectionLease lease;               ///< the host's count of this address's connections
  OutboundQueue out;                   ///< bytes not yet written
  std::uint64_t last_sequence = 0;     ///< the newest event this peer was sent
  FanoutClock::time_point last_write;  ///< the last write that made progress (or adoption)
  FanoutClock::time_point close_deadline{};
  std::uint32_t index = 0;   ///< position in its loop's list
  bool wants_write = false;  ///< EPOLLOUT armed
  bool closing = false;      ///< its last bytes are queued; nothing else is sent
  bool close_sent = false;   ///< those are written and writing is shut down

  bool gone() const { return fd < 0; }
};

/// One event on its way to the peers, encoded once.
struct FanoutMessage {
  std::uint64_t sequence = 0;
  std::uint8_t topic = 0;  ///< the plugin's own meaning (e.g. now playing vs program)
  SharedBytes bytes;
  std::chrono::system_clock::time_point admitted;  ///< for airbridge_fanout_latency_seconds
};

class FanoutLoop;

/// What a plugin does with its peers; every call is on the peer's loop thread.
class FanoutHandler {
 public:
  virtual ~FanoutHandler() = default;
  /// The peer for a handed-over connection (not yet registered).
  virtual std::unique_ptr<FanoutPeer> makePeer(TakenConnection& taken) = 0;
  /// The peer is registered: queue its greeting here, before any broadcast can reach it.
  /// `unread` holds bytes the client sent past its request; `note` is what the plugin passed to
  /// adopt() from the request (e.g. SSE's Last-Event-ID).
  virtual void opened(FanoutLoop& loop, FanoutPeer& peer, std::string& unread,
                      const std::string& note) = 0;
  /// Bytes the peer sent. Not called once it is closing: those bytes are read and discarded.
  virtual void received(FanoutLoop& loop, FanoutPeer& peer, const char* data, std::size_t size) = 0;
  /// Whether `message` goes to `peer` (topics, what it was already sent).
  virtual bool wants(const FanoutPeer& peer, const FanoutMessage& message) const = 0;
  /// About every tick, for each peer that is not closing: heartbeats, keep-alives, timeouts.
  virtual void tick(FanoutLoop& loop, FanoutPeer& peer, FanoutClock::time_point now) = 0;
  /// The peer cannot keep up (its queue passed max_queued_bytes, or it made no progress for
  /// stall_timeout): close it as the protocol says.
  virtual void tooSlow(FanoutLoop& loop, FanoutPeer& peer, std::string_view why) = 0;
  /// Shutdown began: say goodbye with closeWith(), or drop().
  virtual void stopping(FanoutLoop& loop, FanoutPeer& peer) = 0;
  /// A connection handed to adopt() is finished, whether or not it became a peer (for the
  /// plugin's per-address accounting). Its peer, if any, is destroyed right after.
  virtual void released(const std::string& ip) = 0;
};

struct FanoutSettings {
  std::size_t max_queued_bytes = 256 * 1024;  ///< per peer
  Duration stall_timeout{0};  ///< queued bytes not moving this long: too slow (0: never)
  Duration tick{250};
};

class AIRBRIDGE_SDK_API FanoutLoop {
 public:
  /// `delivered` counts messages queued or written to peers; `latency` observes, once per
  /// broadcast, the time from admission to written (or queued) to every peer (of every loop of
  /// a pool: the last loop to finish observes it).
  FanoutLoop(FanoutHandler& handler, FanoutSettings settings, Counter& delivered,
             Histogram& latency);
  ~FanoutLoop();
  FanoutLoop(const FanoutLoop&) = delete;
  FanoutLoop& operator=(const FanoutLoop&) = delete;

  void start();
  /// Tells each peer's handler the loop is stopping, runs until every peer is gone or `grace`
  /// passes, resets the rest, and joins.
  void stop(Duration grace) noexcept;
  /// The first half of stop(): the loop begins saying goodbye; stop() then waits for it. Lets a
  /// pool stop all its loops within one grace period.
  void beginStop(Duration grace) noexcept;
  void adopt(TakenConnection taken, std::string note = {});
  void broadcast(FanoutMessage message);
  std::size_t peerCount() const { return count_.load(std::memory_order_relaxed); }

  // On the loop thread:
  /// Writes now what the socket takes and queues the rest; nothing once the peer is closing.
  void send(FanoutPeer& peer, SharedBytes bytes);
  /// `last` goes out after any frame already partly written, in place of everything queued
  /// behind it; then writing is shut down, and the peer is reset unless it closes within `linger`.
  void closeWith(FanoutPeer& peer, SharedBytes last, Duration linger);
  /// Closes the socket now (peer gone, write failed, or given up on with `abort`: a reset rather
  /// than the kernel trickling out what nobody reads). The object lives until the pass ends.
  void drop(FanoutPeer& peer, bool abort = false);

 private:
  friend class FanoutPool;
  struct Adoption;
  struct Broadcast;
  struct Commands;
  /// `loops_left` counts down the loops still writing this message; null for a lone loop.
  void broadcast(FanoutMessage message, std::shared_ptr<std::atomic<int>> loops_left);
  void run();
  void runCommands();
  void open(Adoption& adoption);
  void fanOut(const Broadcast& broadcast);
  void onReadable(FanoutPeer& peer);
  void afterWrite(FanoutPeer& peer, OutboundQueue::Result result);
  void armWrite(FanoutPeer& peer, bool on);
  void tick(FanoutClock::time_point now);
  void destroy(FanoutPeer& peer);

  FanoutHandler& handler_;
  const FanoutSettings settings_;
  Counter& delivered_;
  Histogram& latency_;
  std::unique_ptr<Commands> mailbox_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  Duration grace_{0};
  std::vector<std::unique_ptr<FanoutPeer>> peers_;
  std::vector<FanoutPeer*> doomed_;  // dropped during this pass, destroyed at its end
  std::atomic<std::size_t> count_{0};
};

/// A sink's `event_loops` loops: connections spread round-robin, every broadcast to each.
class AIRBRIDGE_SDK_API FanoutPool {
 public:
  /// Metrics: airbridge_fanout_latency_seconds{sink} and `delivered_metric`{sink}.
  FanoutPool(FanoutHandler& handler, FanoutSettings settings, int loops, Metrics& metrics,
             const std::string& sink, const std::string& delivered_metric,
             const std::string& delivered_help);
  ~FanoutPool();

  void start();
  void stop(Duration grace) noexcept;
  void adopt(TakenConnection taken, std::string note = {});
  void broadcast(const FanoutMessage& message);
  std::size_t peerCount() const;

 private:
  std::vector<std::unique_ptr<FanoutLoop>> loops_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace airbridge
