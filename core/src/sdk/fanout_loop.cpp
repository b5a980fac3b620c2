#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <airbridge/fanout_loop.hpp>
#include <algorithm>
#include <array>
#include <variant>

#include "sdk/loop_mailbox.hpp"

namespace airbridge {
namespace {
constexpr int kMaxEvents = 512;
constexpr std::size_t kReadChunk = 16 * 1024;
// While stopping, look at the peers often: most leave within a few milliseconds of goodbye.
constexpr auto kStoppingWait = std::chrono::milliseconds{50};

/// `airbridge_fanout_latency_seconds{sink}`: from admission by the bus to written to every client.
Histogram& fanoutLatencyHistogram(Metrics& metrics, const std::string& sink) {
  return metrics.histogram("airbridge_fanout_latency_seconds",
                           "From admission by the bus to written to every client",
                           fmt::format("sink=\"{}\"", sink),
                           {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
}

void resetOnClose(int fd) {
  const linger reset{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
}
}  // namespace

FanoutPeer::FanoutPeer(TakenConnection& taken, FanoutClock::time_point now)
    : fd(taken.fd), ip(std::move(taken.client_ip)), lease(std::move(taken.lease)), last_write(now) {
  taken.fd = -1;  // owned here from now on
}

FanoutPeer::~FanoutPeer() = default;

struct FanoutLoop::Adoption {
  TakenConnection taken;
  std::string note;
};

struct FanoutLoop::Broadcast {
  FanoutMessage message;
  std::shared_ptr<std::atomic<int>> loops_left;
};

struct FanoutLoop::Commands : LoopMailbox<std::variant<Adoption, Broadcast>> {};

FanoutLoop::FanoutLoop(FanoutHandler& handler, FanoutSettings settings, Counter& delivered,
                       Histogram& latency)
    : handler_(handler), settings_(settings), delivered_(delivered), latency_(latency) {}

FanoutLoop::~FanoutLoop() { stop(Duration{0}); }

void FanoutLoop::start() {
  mailbox_ = std::make_unique<Commands>();
  thread_ = std::thread([this] { run(); });
}

void FanoutLoop::beginStop(Duration grace) noexcept {
  if (!thread_.joinable() || stopping_.load()) return;
  grace_ = grace;
  stopping_.store(true);
  mailbox_->ring();
}

void FanoutLoop::stop(Duration grace) noexcept {
  if (!thread_.joinable()) return;
  beginStop(grace);
  thread_.join();
  for (auto& command : mailbox_->take()) {  // connections handed over after the loop ended
    if (auto* adoption = std::get_if<Adoption>(&command)) {
      ::close(adoption->taken.fd);
      handler_.released(adoption->taken.client_ip);
    }
  }
}

void FanoutLoop::adopt(TakenConnection taken, std::string note) {
  mailbox_->post(Adoption{std::move(taken), std::move(note)});
}

void FanoutLoop::broadcast(FanoutMessage message) { broadcast(std::move(message), nullptr); }

void FanoutLoop::broadcast(FanoutMessage message, std::shared_ptr<std::atomic<int>> loops_left) {
  mailbox_->post(Broadcast{std::move(message), std::move(loops_left)});
}

void FanoutLoop::run() {
  std::array<epoll_event, kMaxEvents> events;
  auto nextTick = FanoutClock::now() + settings_.tick;
  FanoutClock::time_point stopDeadline{};
  while (true) {
    if (stopping_.load() && stopDeadline == FanoutClock::time_point{}) {
      stopDeadline = FanoutClock::now() + grace_;
      for (auto& peer : peers_) {
        if (!peer->gone()) handler_.stopping(*this, *peer);
      }
    }
    const bool stopped = stopDeadline != FanoutClock::time_point{};
    if (stopped && (peers_.empty() || FanoutClock::now() >= stopDeadline)) break;
    const auto untilTick =
        std::chrono::duration_cast<std::chrono::milliseconds>(nextTick - FanoutClock::now());
    const auto wait = stopped ? kStoppingWait
                              : std::clamp(untilTick, std::chrono::milliseconds{0}, settings_.tick);
    const int count =
        epoll_wait(mailbox_->epoll(), events.data(), kMaxEvents, static_cast<int>(wait.count()));
    for (int i = 0; i < count; ++i) {
      if (Commands::isWakeup(events[i])) {
        runCommands();
        continue;
      }
      auto* peer = static_cast<FanoutPeer*>(events[i].data.ptr);
      if (peer->gone()) continue;  // dropped earlier in this pass
      if (events[i].events & EPOLLOUT) afterWrite(*peer, peer->out.flush(peer->fd));
      if (!peer->gone() && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))) {
        onReadable(*peer);
      }
    }
    // Timers once per tick, not after every wake-up (there is one per broadcast).
    const auto now = FanoutClock::now();
    if (now >= nextTick) {
      tick(now);
      nextTick = now + settings_.tick;
    }
    for (FanoutPeer* peer : doomed_) destroy(*peer);
    doomed_.clear();
  }
  for (auto& peer : peers_) {
    if (!peer->gone()) {
      resetOnClose(peer->fd);  // the grace period is over: do not linger on unread data
      ::close(peer->fd);
    }
    handler_.released(peer->ip);
  }
  peers_.clear();
  doomed_.clear();
  count_.store(0);
}

void FanoutLoop::runCommands() {
  for (auto& command : mailbox_->take()) {
    if (auto* adoption = std::get_if<Adoption>(&command)) {
      open(*adoption);
    } else {
      fanOut(std::get<Broadcast>(command));
    }
  }
}

void FanoutLoop::open(Adoption& adoption) {
  TakenConnection& taken = adoption.taken;
  if (stopping_.load()) {
    ::close(taken.fd);
    handler_.released(taken.client_ip);
    return;
  }
  std::string unread = std::move(taken.unread);
  std::unique_ptr<FanoutPeer> owned = handler_.makePeer(taken);
  FanoutPeer& peer = *owned;
  peer.index = static_cast<std::uint32_t>(peers_.size());
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP;
  event.data.ptr = &peer;
  epoll_ctl(mailbox_->epoll(), EPOLL_CTL_ADD, peer.fd, &event);
  peers_.push_back(std::move(owned));
  count_.fetch_add(1, std::memory_order_relaxed);
  handler_.opened(*this, peer, unread, adoption.note);
}

void FanoutLoop::fanOut(const Broadcast& broadcast) {
  const FanoutMessage& message = broadcast.message;
  std::uint64_t sent = 0;
  for (auto& peer : peers_) {
    if (peer->gone() || peer->closing || !handler_.wants(*peer, message)) continue;
    peer->last_sequence = message.sequence;
    send(*peer, message.bytes);
    ++sent;
  }
  delivered_.add(sent);
  if (broadcast.loops_left && broadcast.loops_left->fetch_sub(1) != 1) return;
  latency_.observe(
      std::chrono::duration<double>(std::chrono::system_clock::now() - message.admitted).count());
}

void FanoutLoop::onReadable(FanoutPeer& peer) {
  std::array<char, kReadChunk> buffer;
  while (!peer.gone()) {
    const ssize_t n = recv(peer.fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n > 0) {
      // Closing: read and discard until the peer closes, so a client that keeps sending costs
      // nothing while the close is under way.
      if (!peer.closing) handler_.received(*this, peer, buffer.data(), static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < buffer.size()) return;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    drop(peer);  // the peer closed or reset: nothing more can be said to it
    return;
  }
}

void FanoutLoop::send(FanoutPeer& peer, SharedBytes bytes) {
  if (peer.gone() || peer.closing) return;
  afterWrite(peer, peer.out.send(peer.fd, std::move(bytes)));
  if (!peer.gone() && !peer.closing && peer.out.queuedBytes() > settings_.max_queued_bytes) {
    handler_.tooSlow(*this, peer, "its output queue is over its budget");
  }
}

void FanoutLoop::closeWith(FanoutPeer& peer, SharedBytes last, Duration linger) {
  if (peer.gone() || peer.closing) return;
  peer.out.dropUnstarted();
  peer.closing = true;
  peer.close_deadline = FanoutClock::now() + linger;
  afterWrite(peer, peer.out.send(peer.fd, std::move(last)));
}

void FanoutLoop::afterWrite(FanoutPeer& peer, OutboundQueue::Result result) {
  if (peer.out.takeProgress()) peer.last_write = FanoutClock::now();
  if (result == OutboundQueue::Result::failed) {
    drop(peer);
    return;
  }
  armWrite(peer, result == OutboundQueue::Result::blocked);
  if (result == OutboundQueue::Result::drained && peer.closing && !peer.close_sent) {
    // The last bytes are out: stop writing, keep reading until the client closes too.
    peer.close_sent = true;
    shutdown(peer.fd, SHUT_WR);
  }
}

void FanoutLoop::armWrite(FanoutPeer& peer, bool on) {
  if (peer.wants_write == on || peer.gone()) return;
  peer.wants_write = on;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
  event.data.ptr = &peer;
  epoll_ctl(mailbox_->epoll(), EPOLL_CTL_MOD, peer.fd, &event);
}

void FanoutLoop::tick(FanoutClock::time_point now) {
  for (auto& owned : peers_) {
    FanoutPeer& peer = *owned;
    if (peer.gone()) continue;
    if (peer.closing) {
      if (now >= peer.close_deadline) drop(peer, /*abort=*/true);
      continue;
    }
    if (settings_.stall_timeout.count() > 0 && !peer.out.empty() &&
        now - peer.last_write > settings_.stall_timeout) {
      handler_.tooSlow(*this, peer, "its output made no progress");
      continue;
    }
    handler_.tick(*this, peer, now);
  }
}

void FanoutLoop::drop(FanoutPeer& peer, bool abort) {
  if (peer.gone()) return;
  if (abort) resetOnClose(peer.fd);
  epoll_ctl(mailbox_->epoll(), EPOLL_CTL_DEL, peer.fd, nullptr);
  ::close(peer.fd);
  peer.fd = -1;
  peer.lease.reset();
  doomed_.push_back(&peer);  // freed at the end of this pass: callers may still hold it
}

void FanoutLoop::destroy(FanoutPeer& peer) {
  handler_.released(peer.ip);
  const std::uint32_t index = peer.index;
  if (index + 1 != peers_.size()) {
    peers_[index] = std::move(peers_.back());
    peers_[index]->index = index;
  }
  peers_.pop_back();
  count_.fetch_sub(1, std::memory_order_relaxed);
}

FanoutPool::FanoutPool(FanoutHandler& handler, FanoutSettings settings, int loops, Metrics& metrics,
                       const std::string& sink, const std::string& delivered_metric,
                       const std::string& delivered_help) {
  Counter& delivered =
      metrics.counter(delivered_metric, delivered_help, fmt::format("sink=\"{}\"", sink));
  Histogram& latency = fanoutLatencyHistogram(metrics, sink);
  for (int i = 0; i < std::max(loops, 1); ++i) {
    loops_.push_back(std::make_unique<FanoutLoop>(handler, settings, delivered, latency));
  }
}

FanoutPool::~FanoutPool() { stop(Duration{0}); }

void FanoutPool::start() {
  for (auto& loop : loops_) loop->start();
}

void FanoutPool::stop(Duration grace) noexcept {
  for (auto& loop : loops_) loop->beginStop(grace);
  for (auto& loop : loops_) loop->stop(grace);
}

void FanoutPool::adopt(TakenConnection taken, std::string note) {
  loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()]->adopt(std::move(taken),
                                                                               std::move(note));
}

void FanoutPool::broadcast(const FanoutMessage& message) {
  auto loopsLeft = std::make_shared<std::atomic<int>>(static_cast<int>(loops_.size()));
  for (auto& loop : loops_) loop->broadcast(message, loopsLeft);
}

std::size_t FanoutPool::peerCount() const {
  std::size_t total = 0;
  for (const auto& loop : loops_) total += loop->peerCount();
  return total;
}

}  // namespace airbridge
