#pragma once
// Server-Sent Event streams without a thread each: once a /v1/events request is answered with
// its headers, the socket is handed to this epoll thread, which writes each event's chunk
// (encoded once) to every stream, sends a comment line every sse_keepalive so proxies keep the
// stream open, and closes a stream that falls behind by more than its output budget.

#include <airbridge/http_exchange.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/outbound_queue.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace airbridge::http {

using SharedChunk = std::shared_ptr<const std::string>;

class SseStreamLoop {
 public:
  /// What a new stream is sent first, and the sequence it is then up to. Computed on the loop
  /// thread when the stream is adopted, so no event falls between the greeting and the live
  /// stream.
  struct Greeting {
    std::vector<SharedChunk> chunks;
    std::uint64_t last_sequence = 0;
  };
  using GreetingSource = std::function<Greeting(const std::string& last_event_id)>;

  struct Settings {
    std::chrono::milliseconds keepalive{15'000};
    std::size_t max_queued_bytes = 256 * 1024;
  };
  SseStreamLoop(Settings settings, GreetingSource greeting, const Logger& log, Metrics& metrics,
                const std::string& sink, std::function<void()> on_closed);
  ~SseStreamLoop();

  void start();
  void stop() noexcept;

  /// Takes over a stream whose headers are sent; its greeting (READY, or the events after
  /// `last_event_id`) goes first.
  void adopt(TakenConnection taken, std::string last_event_id);
  void broadcast(std::uint64_t sequence, SharedChunk chunk,
                 std::chrono::system_clock::time_point admitted);

 private:
  struct Stream;
  struct Command;
  struct Commands;  // LoopMailbox<Command>, defined with Command in the .cpp
  void run();
  void runCommands();
  void enqueue(Stream& stream, const SharedChunk& chunk);
  void flush(Stream& stream);
  void afterWrite(Stream& stream, OutboundQueue::Result result);
  void drop(Stream& stream);

  const Settings settings_;
  GreetingSource greeting_;
  const Logger& log_;
  Histogram& latency_;
  Counter& closedSlow_;
  std::function<void()> onClosed_;
  std::unique_ptr<Commands> mailbox_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::vector<std::unique_ptr<Stream>> streams_;
};

}  // namespace airbridge::http
