#include "ws_event_loop.hpp"

#include <airbridge/loop_mailbox.hpp>

#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <variant>

namespace airbridge::websocket {
namespace {
constexpr int kMaxEvents = 512;
constexpr auto kTick = std::chrono::milliseconds{250};
constexpr auto kCloseHandshakeTime = std::chrono::seconds{2};
}  // namespace

struct WsEventLoop::Command {
  struct Adopt {
    TakenConnection taken;
  };
  std::variant<Adopt, PublishedFrame> what;
};

struct WsEventLoop::Commands : LoopMailbox<Command> {};

WsEventLoop::WsEventLoop(ClientProtocol& protocol, LoopSettings settings, const Logger& log,
                         Metrics& metrics, const std::string& sink,
                         std::function<void(const std::string&)> on_closed)
    : protocol_(protocol),
      settings_(settings),
      log_(log),
      delivered_(metrics.counter("airbridge_websocket_frames_sent_total",
                                 "Event frames queued or written to WebSocket clients",
                                 fmt::format("sink=\"{}\"", sink))),
      latency_(fanoutLatencyHistogram(metrics, sink)),
      closedSlow_(metrics.counter("airbridge_websocket_slow_clients_closed_total",
                                  "Clients closed with 4010 because they could not keep up",
                                  fmt::format("sink=\"{}\"", sink))),
      onClosed_(std::move(on_closed)) {}

WsEventLoop::~WsEventLoop() { stop(Duration{0}); }

void WsEventLoop::start() {
  mailbox_ = std::make_unique<Commands>();
  thread_ = std::thread([this] { run(); });
}

void WsEventLoop::stop(Duration grace) noexcept {
  if (!thread_.joinable()) return;
  grace_ = grace;
  stopping_.store(true);
  mailbox_->ring();
  thread_.join();
  for (auto& command : mailbox_->take()) {  // sockets handed over after the loop ended
    if (auto* adopt = std::get_if<Command::Adopt>(&command.what)) {
      ::close(adopt->taken.fd);
      onClosed_(adopt->taken.client_ip);
    }
  }
}

void WsEventLoop::adopt(TakenConnection taken) { mailbox_->post({Command::Adopt{std::move(taken)}}); }

void WsEventLoop::broadcast(PublishedFrame frame) { mailbox_->post({std::move(frame)}); }

void WsEventLoop::run() {
  std::array<epoll_event, kMaxEvents> events;
  auto nextTick = Clock::now() + kTick;
  Clock::time_point stopDeadline{};
  while (true) {
    if (stopping_.load() && stopDeadline == Clock::time_point{}) {
      stopDeadline = Clock::now() + grace_;
      for (auto& client : clients_) close(*client, close_code::going_away, "server shutting down");
    }
    if (stopDeadline != Clock::time_point{} && (clients_.empty() || Clock::now() >= stopDeadline)) {
      break;
    }
    const int count = epoll_wait(mailbox_->epoll(), events.data(), kMaxEvents, 50);
    for (int i = 0; i < count; ++i) {
      if (Commands::isWakeup(events[i])) {
        runCommands();
        continue;
      }
      auto* client = static_cast<WsClient*>(events[i].data.ptr);
      if (client->fd < 0) continue;  // destroyed earlier in this pass
      if (events[i].events & EPOLLOUT) flush(*client);
      if (client->fd >= 0 && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))) {
        onReadable(*client);
      }
    }
    const auto now = Clock::now();
    if (now >= nextTick) {
      tick(now);
      nextTick = now + kTick;
    }
    for (WsClient* client : doomed_) destroy(*client);
    doomed_.clear();
  }
  for (auto& client : clients_) {
    if (client->fd >= 0) {
      const linger reset{1, 0};  // the grace period is over: do not linger on unread data
      setsockopt(client->fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
      ::close(client->fd);
    }
    onClosed_(client->ip);
  }
  clients_.clear();
  count_.store(0);
}

void WsEventLoop::runCommands() {
  for (auto& command : mailbox_->take()) {
    if (auto* adopt = std::get_if<Command::Adopt>(&command.what)) {
      TakenConnection& taken = adopt->taken;
      if (stopping_.load()) {
        ::close(taken.fd);
        onClosed_(taken.client_ip);
        continue;
      }
      auto client = std::make_unique<WsClient>(taken.fd, std::move(taken.client_ip),
                                               settings_.max_message_size, Clock::now());
      client->lease = std::move(taken.lease);
      client->index = static_cast<std::uint32_t>(clients_.size());
      epoll_event event{};
      event.events = EPOLLIN | EPOLLRDHUP;
      event.data.ptr = client.get();
      epoll_ctl(mailbox_->epoll(), EPOLL_CTL_ADD, client->fd, &event);
      WsClient& added = *client;
      clients_.push_back(std::move(client));
      count_.fetch_add(1, std::memory_order_relaxed);
      // The greeting is queued before the client can see any broadcast.
      protocol_.onOpen(*this, added);
      if (!taken.unread.empty()) {
        added.reader.append(taken.unread.data(), taken.unread.size());
        ClientMessage message;
        FrameError error;
        while (!added.closing) {
          const auto result = added.reader.next(message, error);
          if (result == WsFrameReader::Result::error) close(added, error.code, error.reason);
          if (result != WsFrameReader::Result::message) break;
          dispatch(added, message);
        }
      }
      continue;
    }
    const auto& frame = std::get<PublishedFrame>(command.what);
    std::uint64_t sent = 0;
    for (auto& client : clients_) {
      if (client->closing || !protocol_.wants(*client, frame)) continue;
      client->lastSequenceSent = frame.sequence;
      send(*client, frame.frame);
      ++sent;
    }
    delivered_.add(sent);
    latency_.observe(std::chrono::duration<double>(std::chrono::system_clock::now() - frame.admitted).count());
  }
}

void WsEventLoop::onReadable(WsClient& client) {
  std::array<char, 16 * 1024> buffer;
  while (client.fd >= 0) {
    const ssize_t n = recv(client.fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n > 0) {
      // Closing (our close frame queued or sent): read and discard until the peer closes, so a
      // client that keeps sending costs nothing while the close is under way.
      if (client.closing) continue;
      client.reader.append(buffer.data(), static_cast<std::size_t>(n));
      ClientMessage message;
      FrameError error;
      while (!client.closing) {
        const auto result = client.reader.next(message, error);
        if (result == WsFrameReader::Result::error) {
          close(client, error.code, error.reason);
          break;
        }
        if (result == WsFrameReader::Result::need_more) break;
        dispatch(client, message);
      }
      if (static_cast<std::size_t>(n) < buffer.size()) return;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // The peer closed or reset: nothing more can be said to it.
    drop(client);
    return;
  }
}

bool WsEventLoop::overRateLimit(WsClient& client, Clock::time_point now) {
  if (now - client.rateWindowStart >= std::chrono::minutes{1}) {
    client.rateWindowStart = now;
    client.messagesInWindow = 0;
  }
  return ++client.messagesInWindow > settings_.rate_limit;
}

void WsEventLoop::dispatch(WsClient& client, ClientMessage& message) {
  switch (message.opcode) {
    case Opcode::ping:
      send(client, std::make_shared<const std::string>(encodeFrame(Opcode::pong, message.payload)));
      return;
    case Opcode::pong:
      client.lastHeard = Clock::now();
      return;
    case Opcode::close: {
      // Echo the client's code, as RFC 6455 asks; 1005 (none given) is answered with 1000.
      const std::uint16_t code = message.close_code == 1005 ? close_code::normal : message.close_code;
      close(client, code, "");
      return;
    }
    default:
      break;
  }
  if (overRateLimit(client, Clock::now())) {
    close(client, close_code::rate_limited, "rate limited");
    return;
  }
  if (message.opcode == Opcode::text) {
    protocol_.onText(*this, client, message.payload);
  } else {
    protocol_.onBinary(*this, client);
  }
}

void WsEventLoop::sendText(WsClient& client, std::string_view text) {
  send(client, makeTextFrame(text));
}

void WsEventLoop::send(WsClient& client, SharedFrame frame) {
  if (client.fd < 0 || client.closing) return;  // after a close frame, nothing else is sent
  afterWrite(client, client.out.send(client.fd, std::move(frame)));
  if (client.fd >= 0 && client.out.queuedBytes() > settings_.max_queued_bytes) {
    closedSlow_.add();
    log_.debug("closing {} with 4010: {} bytes queued, over max_queued_bytes ({})", client.ip,
               client.out.queuedBytes(), settings_.max_queued_bytes);
    close(client, close_code::too_slow, "too slow: reconnect and resume");
  }
}

void WsEventLoop::flush(WsClient& client) { afterWrite(client, client.out.flush(client.fd)); }

void WsEventLoop::afterWrite(WsClient& client, OutboundQueue::Result result) {
  if (client.out.takeProgress()) client.lastProgress = Clock::now();
  if (result == OutboundQueue::Result::failed) {
    drop(client);
    return;
  }
  armWrite(client, result == OutboundQueue::Result::blocked);
  if (result == OutboundQueue::Result::drained && client.closing && !client.closeSent) {
    // The close frame is out: stop writing, keep reading until the client closes too.
    client.closeSent = true;
    shutdown(client.fd, SHUT_WR);
  }
}

void WsEventLoop::armWrite(WsClient& client, bool on) {
  if (client.wantsWrite == on || client.fd < 0) return;
  client.wantsWrite = on;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
  event.data.ptr = &client;
  epoll_ctl(mailbox_->epoll(), EPOLL_CTL_MOD, client.fd, &event);
}

void WsEventLoop::close(WsClient& client, std::uint16_t code, std::string_view reason) {
  if (client.closing || client.fd < 0) return;
  client.out.dropUnstarted();
  client.closing = true;
  client.closeDeadline = Clock::now() + kCloseHandshakeTime;
  afterWrite(client, client.out.send(client.fd, std::make_shared<const std::string>(encodeClose(code, reason))));
}

void WsEventLoop::tick(Clock::time_point now) {
  for (auto& owned : clients_) {
    WsClient& client = *owned;
    if (client.fd < 0) continue;
    if (client.closing) {
      if (now >= client.closeDeadline) drop(client, /*abort=*/true);
      continue;
    }
    if (!client.out.empty() && now - client.lastProgress > settings_.stall_timeout) {
      closedSlow_.add();
      close(client, close_code::too_slow, "too slow: no progress; reconnect and resume");
      continue;
    }
    protocol_.onTick(*this, client, now);
  }
}

void WsEventLoop::drop(WsClient& client, bool abort) {
  if (client.fd < 0) return;
  if (abort) {
    // Given up on: reset instead of leaving the kernel to trickle out megabytes nobody reads.
    const linger reset{1, 0};
    setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  }
  epoll_ctl(mailbox_->epoll(), EPOLL_CTL_DEL, client.fd, nullptr);
  ::close(client.fd);
  client.fd = -1;
  client.lease.reset();
  doomed_.push_back(&client);  // freed at the end of this pass: callers may still hold it
}

void WsEventLoop::destroy(WsClient& client) {
  onClosed_(client.ip);
  const std::uint32_t index = client.index;
  if (index + 1 != clients_.size()) {
    clients_[index] = std::move(clients_.back());
    clients_[index]->index = index;
  }
  clients_.pop_back();
  count_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace airbridge::websocket
