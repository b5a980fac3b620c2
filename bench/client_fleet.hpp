#pragma once
// The client side of the fan-out benchmarks: thousands of non-blocking WebSocket (v1 or raw) or
// SSE clients on one epoll, recording when each sees event K ("bench-K" in its text).

#include "bench_support.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

enum class Stage { connecting, handshake, hello, ready };
enum class Protocol { raw_websocket, v1_websocket, sse };

struct Client {
  int fd = -1;
  Stage stage = Stage::connecting;
  std::string in;
  bool stalled = false;
};

class ClientFleet {
 public:
  /// `clients` connections to 127.0.0.1:`port`; with `stall_first` the first one stops reading
  /// once it is subscribed.
  ClientFleet(int port, Protocol protocol, int clients, bool stall_first = false)
      : port_(port), protocol_(protocol), stallFirst_(stall_first) {
    epoll_ = epoll_create1(0);
    clients_.resize(static_cast<std::size_t>(clients));
  }
  ~ClientFleet() {
    for (auto& client : clients_) if (client.fd >= 0) close(client.fd);
    close(epoll_);
  }

  /// Opens every connection (at most 500 handshakes in flight) until all are ready.
  void connectAll() {
    std::size_t next = 0, ready = 0, inFlight = 0;
    const auto deadline = Clock::now() + 120s;
    while (ready < clients_.size()) {
      while (next < clients_.size() && inFlight < 500) {
        open(next++);
        ++inFlight;
      }
      if (Clock::now() > deadline) throw std::runtime_error(fmt::format("only {} of {} clients ready", ready, clients_.size()));
      pump(50ms, [&](Client& client) {
        if (client.stage == Stage::ready) {
          ++ready;
          --inFlight;
        }
      });
    }
  }

  /// Reads whatever arrives for `duration`, recording when each client sees event k.
  void collect(Clock::duration duration) { pump(duration, nullptr); }

  void expectEvent(int k, Clock::time_point sent) {
    if (static_cast<std::size_t>(k) >= sentAt_.size()) sentAt_.resize(static_cast<std::size_t>(k) + 1);
    sentAt_[static_cast<std::size_t>(k)] = sent;
  }

  std::vector<double> latencies;  // milliseconds, one per delivery
  long frameBytes = 0;

 private:
  void open(std::size_t index) {
    Client& client = clients_[index];
    client.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    // Spread over 50 source addresses so no source runs out of ephemeral ports.
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(0x7F000002 + static_cast<std::uint32_t>(index % 50));
    bind(client.fd, reinterpret_cast<sockaddr*>(&source), sizeof source);
    if (stallFirst_ && index == 0) {
      const int small = 4096;
      setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
      client.stalled = true;
    }
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(static_cast<std::uint16_t>(port_));
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(client.fd, reinterpret_cast<sockaddr*>(&target), sizeof target);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u64 = index;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, client.fd, &event);
  }

  template <typename OnReady>
  void pump(Clock::duration duration, OnReady onReady) {
    const auto until = Clock::now() + duration;
    std::vector<epoll_event> events(2048);
    char buffer[65536];
    while (Clock::now() < until) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), static_cast<int>(std::max<long>(left, 0)));
      const auto now = Clock::now();
      for (int i = 0; i < n; ++i) {
        Client& client = clients_[events[i].data.u64];
        if (client.stage == Stage::connecting && (events[i].events & EPOLLOUT)) {
          sendAll(client.fd, protocol_ == Protocol::sse
                                 ? "GET /v1/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n"
                                 : "GET /ws HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
          client.stage = Stage::handshake;
          epoll_event event{};
          event.events = EPOLLIN;
          event.data.u64 = events[i].data.u64;
          epoll_ctl(epoll_, EPOLL_CTL_MOD, client.fd, &event);
          continue;
        }
        if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
        const ssize_t got = recv(client.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got <= 0) continue;
        client.in.append(buffer, static_cast<std::size_t>(got));
        const Stage before = client.stage;
        consume(client, now);
        if (before != Stage::ready && client.stage == Stage::ready) {
          if constexpr (!std::is_same_v<OnReady, std::nullptr_t>) onReady(client);
          if (client.stalled) epoll_ctl(epoll_, EPOLL_CTL_DEL, client.fd, nullptr);  // stops reading
        }
      }
    }
  }

  void consume(Client& client, Clock::time_point now) {
    if (client.stage == Stage::handshake) {
      const auto end = client.in.find("\r\n\r\n");
      if (end == std::string::npos) return;
      const char* expected = protocol_ == Protocol::sse ? "HTTP/1.1 200" : "HTTP/1.1 101";
      if (client.in.compare(0, 12, expected) != 0) throw std::runtime_error("refused: " + client.in.substr(0, end));
      client.in.erase(0, end + 4);
      client.stage = protocol_ == Protocol::v1_websocket ? Stage::hello : Stage::ready;
    }
    if (protocol_ == Protocol::sse) {
      // Events are blocks of "field: value" lines ended by a blank line.
      for (auto end = client.in.find("\n\n"); end != std::string::npos; end = client.in.find("\n\n")) {
        record(std::string_view(client.in).substr(0, end), end + 2, now);
        client.in.erase(0, end + 2);
      }
      return;
    }
    while (client.in.size() >= 2) {
      std::size_t header = 2;
      std::size_t length = static_cast<std::uint8_t>(client.in[1]) & 0x7F;
      if (length == 126) {
        if (client.in.size() < 4) return;
        length = (static_cast<std::uint8_t>(client.in[2]) << 8) | static_cast<std::uint8_t>(client.in[3]);
        header = 4;
      }
      if (client.in.size() < header + length) return;
      const std::string_view payload(client.in.data() + header, length);
      if (client.stage == Stage::hello) {
        if (payload.find("READY") != std::string_view::npos) {
          client.stage = Stage::ready;
        } else if (payload.find(R"("op":1)") != std::string_view::npos) {
          sendAll(client.fd, maskedText(R"({"op":2,"d":{"topics":["now_playing"]}})"));
        }
      } else if (client.stage == Stage::ready) {
        record(payload, header + length, now);
      }
      client.in.erase(0, header + length);
    }
  }

  /// One delivered event: its latency from the "bench-K" marker in its text.
  void record(std::string_view text, std::size_t bytes, Clock::time_point now) {
    const auto at = text.find("bench-");
    if (at == std::string_view::npos) return;
    const int k = std::atoi(text.data() + at + 6);
    if (k < 0 || static_cast<std::size_t>(k) >= sentAt_.size()) return;
    latencies.push_back(std::chrono::duration<double, std::milli>(now - sentAt_[static_cast<std::size_t>(k)]).count());
    frameBytes += static_cast<long>(bytes);
  }

  int port_;
  Protocol protocol_;
  bool stallFirst_;
  int epoll_;
  std::vector<Client> clients_;
  std::vector<Clock::time_point> sentAt_;
};


}  // namespace bench
