#include "sse_stream_loop.hpp"

#include <airbridge/loop_mailbox.hpp>

#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <variant>

namespace airbridge::http {
namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds{250};
const SharedChunk kKeepalive = std::make_shared<const std::string>(": keep-alive\n\n");
}  // namespace

struct SseStreamLoop::Stream {
  int fd;
  ConnectionLease lease;
  std::uint64_t lastSequence;
  Clock::time_point lastWrite;
  OutboundQueue out;
  bool wantsWrite = false;
  bool gone = false;
};

struct SseStreamLoop::Command {
  struct Adopt {
    TakenConnection taken;
    std::string lastEventId;
  };
  struct Broadcast {
    std::uint64_t sequence;
    SharedChunk chunk;
    std::chrono::system_clock::time_point admitted;
  };
  std::variant<Adopt, Broadcast> what;
};

struct SseStreamLoop::Commands : LoopMailbox<Command> {};

SseStreamLoop::SseStreamLoop(Settings settings, GreetingSource greeting, const Logger& log,
                             Metrics& metrics, const std::string& sink,
                             std::function<void()> on_closed)
    : settings_(settings),
      greeting_(std::move(greeting)),
      log_(log),
      latency_(fanoutLatencyHistogram(metrics, sink)),
      closedSlow_(metrics.counter("airbridge_sse_slow_streams_closed_total",
                                  "SSE streams closed because they fell behind",
                                  fmt::format("sink=\"{}\"", sink))),
      onClosed_(std::move(on_closed)) {}

SseStreamLoop::~SseStreamLoop() { stop(); }

void SseStreamLoop::start() {
  mailbox_ = std::make_unique<Commands>();
  thread_ = std::thread([this] { run(); });
}

void SseStreamLoop::stop() noexcept {
  if (!thread_.joinable()) return;
  stopping_.store(true);
  mailbox_->ring();
  thread_.join();
  for (auto& command : mailbox_->take()) {  // streams handed over after the loop ended
    if (auto* adopt = std::get_if<Command::Adopt>(&command.what)) {
      ::close(adopt->taken.fd);
      onClosed_();
    }
  }
}

void SseStreamLoop::adopt(TakenConnection taken, std::string last_event_id) {
  mailbox_->post({Command::Adopt{std::move(taken), std::move(last_event_id)}});
}

void SseStreamLoop::broadcast(std::uint64_t sequence, SharedChunk chunk,
                              std::chrono::system_clock::time_point admitted) {
  mailbox_->post({Command::Broadcast{sequence, std::move(chunk), admitted}});
}

void SseStreamLoop::run() {
  std::array<epoll_event, 256> events;
  char discard[4096];
  auto nextSweep = Clock::now();
  while (!stopping_.load()) {
    const int count = epoll_wait(mailbox_->epoll(), events.data(), static_cast<int>(events.size()),
                                 static_cast<int>(kTick.count()));
    for (int i = 0; i < count; ++i) {
      if (Commands::isWakeup(events[i])) {
        runCommands();
        continue;
      }
      auto* stream = static_cast<Stream*>(events[i].data.ptr);
      if (stream->gone) continue;
      if (events[i].events & EPOLLOUT) flush(*stream);
      if (!stream->gone && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))) {
        // A stream client sends nothing after its request: data or EOF both mean "done".
        const ssize_t n = recv(stream->fd, discard, sizeof discard, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) drop(*stream);
      }
    }
    // Keep-alives and clean-up once per tick, not after every wake-up (there is one per event).
    const auto now = Clock::now();
    if (now < nextSweep) continue;
    nextSweep = now + kTick;
    for (auto& stream : streams_) {
      if (!stream->gone && !stream->wantsWrite && now - stream->lastWrite >= settings_.keepalive) {
        enqueue(*stream, kKeepalive);
      }
    }
    std::erase_if(streams_, [](const auto& stream) { return stream->gone; });
  }
  for (auto& stream : streams_) {
    if (!stream->gone) drop(*stream);
  }
  streams_.clear();
}

void SseStreamLoop::runCommands() {
  for (auto& command : mailbox_->take()) {
    if (auto* adopt = std::get_if<Command::Adopt>(&command.what)) {
      Greeting greeting = greeting_(adopt->lastEventId);
      auto stream = std::make_unique<Stream>(
          Stream{adopt->taken.fd, std::move(adopt->taken.lease), greeting.last_sequence, Clock::now(), {}});
      epoll_event event{};
      event.events = EPOLLIN | EPOLLRDHUP;
      event.data.ptr = stream.get();
      epoll_ctl(mailbox_->epoll(), EPOLL_CTL_ADD, stream->fd, &event);
      for (const auto& chunk : greeting.chunks) enqueue(*stream, chunk);
      streams_.push_back(std::move(stream));
      continue;
    }
    const auto& broadcast = std::get<Command::Broadcast>(command.what);
    for (auto& stream : streams_) {
      if (stream->gone || broadcast.sequence <= stream->lastSequence) continue;
      stream->lastSequence = broadcast.sequence;
      enqueue(*stream, broadcast.chunk);
    }
    latency_.observe(std::chrono::duration<double>(std::chrono::system_clock::now() - broadcast.admitted).count());
  }
}

void SseStreamLoop::enqueue(Stream& stream, const SharedChunk& chunk) {
  if (stream.gone) return;
  afterWrite(stream, stream.out.send(stream.fd, chunk));
  if (!stream.gone && stream.out.queuedBytes() > settings_.max_queued_bytes) {
    closedSlow_.add();
    log_.debug("closing an SSE stream: {} bytes queued, over sse_max_queued_bytes",
               stream.out.queuedBytes());
    drop(stream);  // the client reconnects with Last-Event-ID and catches up
  }
}

void SseStreamLoop::flush(Stream& stream) { afterWrite(stream, stream.out.flush(stream.fd)); }

void SseStreamLoop::afterWrite(Stream& stream, OutboundQueue::Result result) {
  if (stream.out.takeProgress()) stream.lastWrite = Clock::now();
  if (result == OutboundQueue::Result::failed) {
    drop(stream);
    return;
  }
  const bool pending = result == OutboundQueue::Result::blocked;
  if (pending != stream.wantsWrite) {
    stream.wantsWrite = pending;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (pending ? EPOLLOUT : 0u);
    event.data.ptr = &stream;
    epoll_ctl(mailbox_->epoll(), EPOLL_CTL_MOD, stream.fd, &event);
  }
}

void SseStreamLoop::drop(Stream& stream) {
  if (stream.gone) return;
  stream.gone = true;
  epoll_ctl(mailbox_->epoll(), EPOLL_CTL_DEL, stream.fd, nullptr);
  ::close(stream.fd);
  stream.lease.reset();
  onClosed_();
}

}  // namespace airbridge::http
