// The SDK's fan-out loop on real sockets (socketpairs): greeting before broadcasts, sequence
// order, what peers send, a goodbye at stop, and peers that never read given up on, by budget
// and by stall, without holding up the others.

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <airbridge/fanout_loop.hpp>
#include <catch2/catch.hpp>
#include <mutex>

#include "metrics/metric_registry.hpp"

using namespace airbridge;
using namespace std::chrono_literals;

namespace {

struct Peer final : FanoutPeer {
  using FanoutPeer::FanoutPeer;
};

class RecordingHandler final : public FanoutHandler {
 public:
  std::unique_ptr<FanoutPeer> makePeer(TakenConnection& taken) override {
    return std::make_unique<Peer>(taken, FanoutClock::now());
  }
  void opened(FanoutLoop& loop, FanoutPeer& peer, std::string& unread,
              const std::string& note) override {
    loop.send(peer, std::make_shared<const std::string>("hello " + note + "\n"));
    if (!unread.empty()) record("unread:" + unread);
  }
  void received(FanoutLoop&, FanoutPeer&, const char* data, std::size_t size) override {
    record("received:" + std::string(data, size));
  }
  bool wants(const FanoutPeer& peer, const FanoutMessage& message) const override {
    return message.sequence > peer.last_sequence;
  }
  void tick(FanoutLoop&, FanoutPeer&, FanoutClock::time_point) override {}
  void tooSlow(FanoutLoop& loop, FanoutPeer& peer, std::string_view why) override {
    record("too slow: " + std::string(why));
    loop.drop(peer);
  }
  void stopping(FanoutLoop& loop, FanoutPeer& peer) override {
    loop.closeWith(peer, std::make_shared<const std::string>("bye\n"), 1s);
  }
  void released(const std::string& ip) override { record("released " + ip); }

  std::vector<std::string> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  bool saw(const std::string& what) {
    for (int i = 0; i < 200; ++i) {
      for (const auto& line : seen()) {
        if (line.find(what) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

 private:
  void record(std::string line) {
    std::lock_guard lock(mutex_);
    seen_.push_back(std::move(line));
  }
  std::mutex mutex_;
  std::vector<std::string> seen_;
};

/// One end for the loop (as the front door would hand it over), one for the test's client.
struct SocketPair {
  SocketPair() {
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
    server = fds[0];
    client = fds[1];
  }
  ~SocketPair() { ::close(client); }
  TakenConnection take(std::string ip, std::string unread = {}) {
    return {server, std::move(unread), std::move(ip), {}};
  }

  /// Reads until `expected` bytes arrived or two seconds passed.
  std::string read(std::size_t expected) const {
    std::string got;
    const auto until = std::chrono::steady_clock::now() + 2s;
    while (got.size() < expected && std::chrono::steady_clock::now() < until) {
      pollfd ready{client, POLLIN, 0};
      if (poll(&ready, 1, 50) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(client, buffer, sizeof buffer);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }

  int server = -1;
  int client = -1;
};

FanoutMessage message(std::uint64_t sequence, std::string text) {
  return {sequence, 0, std::make_shared<const std::string>(std::move(text)),
          std::chrono::system_clock::now()};
}

}  // namespace

TEST_CASE("fanout loop: greeting first, then each new sequence once, and a goodbye at stop",
          "[core][fanout]") {
  RecordingHandler handler;
  Counter delivered;
  Histogram latency({0.1, 1});
  FanoutLoop loop(handler, FanoutSettings{}, delivered, latency);
  loop.start();
  SocketPair pair;
  loop.adopt(pair.take("10.0.0.1", "early bytes"), "note-1");
  CHECK(pair.read(13) == "hello note-1\n");
  CHECK(handler.saw("unread:early bytes"));
  loop.broadcast(message(5, "five\n"));
  loop.broadcast(message(5, "five again\n"));  // not newer than what the peer has: skipped
  loop.broadcast(message(6, "six\n"));
  CHECK(pair.read(9) == "five\nsix\n");
  for (int i = 0; i < 100 && delivered.value() < 2; ++i) std::this_thread::sleep_for(10ms);
  CHECK(delivered.value() == 2);
  CHECK(::write(pair.client, "ping", 4) == 4);
  CHECK(handler.saw("received:ping"));
  CHECK(loop.peerCount() == 1);
  std::thread closer([&] {
    std::this_thread::sleep_for(100ms);
    ::shutdown(pair.client, SHUT_WR);
  });
  loop.stop(2s);
  closer.join();
  CHECK(pair.read(4) == "bye\n");
  CHECK(handler.saw("released 10.0.0.1"));
  CHECK(loop.peerCount() == 0);
}

TEST_CASE("fanout loop: a peer that never reads is given up on; the others get everything",
          "[core][fanout]") {
  RecordingHandler handler;
  Counter delivered;
  Histogram latency({0.1, 1});
  FanoutLoop loop(handler, FanoutSettings{64 * 1024, Duration{0}}, delivered, latency);
  loop.start();
  SocketPair stalled, reading;
  loop.adopt(stalled.take("10.0.0.2"));
  loop.adopt(reading.take("10.0.0.3"));
  CHECK(stalled.read(7) == "hello \n");
  CHECK(reading.read(7) == "hello \n");
  const std::string chunk(16 * 1024, 'x');
  std::size_t received = 0;
  for (std::uint64_t sequence = 1; sequence <= 100; ++sequence) {
    loop.broadcast(message(sequence, chunk));
    received += reading.read(chunk.size()).size();
  }
  CHECK(received == 100 * chunk.size());
  CHECK(handler.saw("too slow: its output queue is over its budget"));
  CHECK(handler.saw("released 10.0.0.2"));
  CHECK(loop.peerCount() == 1);
  loop.stop(Duration{0});
}

TEST_CASE("fanout loop: queued bytes that stop moving are a stall", "[core][fanout]") {
  RecordingHandler handler;
  Counter delivered;
  Histogram latency({0.1, 1});
  FanoutLoop loop(handler, FanoutSettings{64 * 1024 * 1024, Duration{200}, Duration{50}}, delivered,
                  latency);
  loop.start();
  SocketPair stalled;
  loop.adopt(stalled.take("10.0.0.4"));
  CHECK(stalled.read(7) == "hello \n");
  loop.broadcast(message(1, std::string(4 * 1024 * 1024, 'y')));  // far more than the socket holds
  CHECK(handler.saw("too slow: its output made no progress"));
  loop.stop(Duration{0});
}

TEST_CASE("fanout pool: peers spread over the loops, latency observed once per event",
          "[core][fanout]") {
  RecordingHandler handler;
  core::MetricRegistry metrics;
  FanoutPool pool(handler, FanoutSettings{}, 2, metrics, "test", "test_sent_total", "sent");
  pool.start();
  std::vector<std::unique_ptr<SocketPair>> pairs;
  for (int i = 0; i < 4; ++i) {
    pairs.push_back(std::make_unique<SocketPair>());
    pool.adopt(pairs.back()->take("10.0.1." + std::to_string(i)));
  }
  for (auto& pair : pairs) CHECK(pair->read(7) == "hello \n");
  pool.broadcast(message(1, "one\n"));
  for (auto& pair : pairs) CHECK(pair->read(4) == "one\n");
  CHECK(pool.peerCount() == 4);
  // The loops count and observe right after their last write: give them a moment.
  auto rendered = [&](const std::string& line) {
    for (int i = 0; i < 100; ++i) {
      if (metrics.render().find(line) != std::string::npos) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  };
  CHECK(rendered("test_sent_total{sink=\"test\"} 4"));
  CHECK(rendered("airbridge_fanout_latency_seconds_count{sink=\"test\"} 1"));
  pool.stop(Duration{0});
  CHECK(pool.peerCount() == 0);
}
