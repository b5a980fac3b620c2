#pragma once
// Accepts the connections of one public HTTP listener and holds each one, in a single epoll
// thread, until its whole request head has arrived; only then does a worker thread run Poco's
// HTTPServerConnection on it. So an idle or slow client never occupies a worker: a WebSocket
// upgrade or a REST request is served at once however many silent connections are open.
// Heads that take longer than header_timeout get 408; heads over max_header_bytes get 431.

#include <airbridge/logger.hpp>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace airbridge::core {

class HttpHeaderGate {
 public:
  struct Settings {
    int workers = 16;
    std::chrono::milliseconds header_timeout{10'000};
    std::size_t max_header_bytes = 16 * 1024;
  };

  HttpHeaderGate(Poco::Net::ServerSocket socket, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                 Settings settings, const Logger& log);
  ~HttpHeaderGate();

  void start();
  /// Stops accepting, closes waiting connections, and joins the workers (each finishes the
  /// request it is serving). Idempotent.
  void stop() noexcept;

 private:
  void gateLoop();
  void workerLoop();
  void acceptAll();
  void inspect(int fd);
  void expireSlowHeads();
  void forget(int fd);
  void reject(int fd, const char* status_line, const char* message);

  Poco::Net::ServerSocket socket_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  Poco::Net::HTTPServerParams::Ptr params_;
  const Settings settings_;
  const Logger& log_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: stop() wakes the gate thread
  std::atomic<bool> stopping_{false};
  std::unordered_map<int, std::chrono::steady_clock::time_point> waiting_;  // fd -> accepted at
  std::string peekBuffer_;  // gate thread only
  std::thread gate_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> ready_fds_;  // whole heads, waiting for a worker
  std::vector<std::thread> workers_;
};

}  // namespace airbridge::core
