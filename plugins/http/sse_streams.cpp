#include "sse_streams.hpp"

namespace airbridge::http {
namespace {
const SharedChunk kKeepalive = std::make_shared<const std::string>(": keep-alive\n\n");

struct SseStream final : FanoutPeer {
  using FanoutPeer::FanoutPeer;
};
}  // namespace

SseStreams::SseStreams(Duration keepalive, GreetingSource greeting, const Logger& log,
                       Counter& closed_slow, std::function<void()> released)
    : keepalive_(keepalive),
      greeting_(std::move(greeting)),
      log_(log),
      closedSlow_(closed_slow),
      released_(std::move(released)) {}

std::unique_ptr<FanoutPeer> SseStreams::makePeer(TakenConnection& taken) {
  return std::make_unique<SseStream>(taken, FanoutClock::now());
}

void SseStreams::opened(FanoutLoop& loop, FanoutPeer& peer, std::string&, const std::string& note) {
  Greeting greeting = greeting_(note);
  peer.last_sequence = greeting.last_sequence;
  for (auto& chunk : greeting.chunks) loop.send(peer, std::move(chunk));
}

void SseStreams::tick(FanoutLoop& loop, FanoutPeer& peer, FanoutClock::time_point now) {
  if (!peer.wants_write && now - peer.last_write >= keepalive_) loop.send(peer, kKeepalive);
}

void SseStreams::tooSlow(FanoutLoop& loop, FanoutPeer& peer, std::string_view why) {
  closedSlow_.add();
  log_.debug("closing an SSE stream from {}: {} ({} bytes queued)", peer.ip, why,
             peer.out.queuedBytes());
  loop.drop(peer);  // the client reconnects with Last-Event-ID and catches up
}

}  // namespace airbridge::http
