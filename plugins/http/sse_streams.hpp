#pragma once
// Server-Sent Event streams on the SDK's fan-out loops: once a /v1/events request is answered
// with its headers, the socket belongs to one of the sink's `event_loops`, which write each
// event's chunk (encoded once) to every stream. What is SSE's own is here: the greeting (READY,
// or the events after Last-Event-ID), a comment line every sse_keepalive so proxies keep the
// stream open, and dropping a stream that falls behind (it reconnects with Last-Event-ID).

#include <airbridge/fanout_loop.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace airbridge::http {

using SharedChunk = std::shared_ptr<const std::string>;

class SseStreams final : public FanoutHandler {
 public:
  /// What a new stream is sent first, and the sequence it is then up to. Computed on the loop
  /// thread when the stream is adopted, so no event falls between the greeting and the live
  /// stream.
  struct Greeting {
    std::vector<SharedChunk> chunks;
    std::uint64_t last_sequence = 0;
  };
  using GreetingSource = std::function<Greeting(const std::string& last_event_id)>;

  SseStreams(Duration keepalive, GreetingSource greeting, const Logger& log, Counter& closed_slow,
             std::function<void()> released);

  std::unique_ptr<FanoutPeer> makePeer(TakenConnection& taken) override;
  /// `note` is the stream's Last-Event-ID.
  void opened(FanoutLoop& loop, FanoutPeer& peer, std::string& unread,
              const std::string& note) override;
  /// A stream client sends nothing after its request; whatever comes is ignored (EOF closes).
  void received(FanoutLoop&, FanoutPeer&, const char*, std::size_t) override {}
  bool wants(const FanoutPeer& peer, const FanoutMessage& message) const override {
    return message.sequence > peer.last_sequence;
  }
  void tick(FanoutLoop& loop, FanoutPeer& peer, FanoutClock::time_point now) override;
  void tooSlow(FanoutLoop& loop, FanoutPeer& peer, std::string_view why) override;
  void stopping(FanoutLoop& loop, FanoutPeer& peer) override { loop.drop(peer); }
  void released(const std::string&) override { released_(); }

 private:
  const Duration keepalive_;
  GreetingSource greeting_;
  const Logger& log_;
  Counter& closedSlow_;
  std::function<void()> released_;
};

}  // namespace airbridge::http
