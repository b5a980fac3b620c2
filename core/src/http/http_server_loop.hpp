#pragma once
// One thread serving connections of a public HTTP port, many at once. Every loop of a port
// accepts from the same listening socket (EPOLLEXCLUSIVE: one loop wakes per new connection)
// and then owns what it accepted: it reads into the connection's own buffer (edge-triggered,
// so an unfinished head costs nothing until more bytes come), parses with HttpRequestParser,
// runs the route on this thread, writes the answer without blocking, and keeps the connection
// for the next request. Nothing waits on a client: a slow, silent or trickling client holds
// its descriptor and its buffer, and a deadline that bytes never renew takes even those back.
//
// A route that keeps its connection (WebSocket, SSE) gets the socket after its answer's head
// is written; from then on its own loop owns it, with the connection's address lease.

#include "http/http_port.hpp"
#include "http/http_request_parser.hpp"
#include "http/http_response_writer.hpp"

#include "sdk/loop_mailbox.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <unordered_map>
#include <vector>

namespace airbridge::core {

class HttpServerLoop {
 public:
  explicit HttpServerLoop(HttpPort& port);
  ~HttpServerLoop();

  void start();
  /// Closes this loop's connections (none of them is held anywhere else) and joins. Idempotent.
  void stop() noexcept;

 private:
  using Clock = std::chrono::steady_clock;
  struct Connection;
  struct NoCommand {};

  void run();
  void acceptNew(Clock::time_point now);
  void adopt(int fd, std::string ip, Clock::time_point now);
  void shedOneConnection();
  /// Out of descriptors: closes up to `count` of this loop's connections that wait for a
  /// request (kept alive, or an unfinished head), oldest first. Returns how many.
  std::size_t reclaimWaiting(std::size_t count);
  /// One warning per interval, with what was closed and shed since the last one.
  void warnOfShortage();
  void pauseAccepting(Clock::time_point now);
  void resumeAccepting();
  void onEvent(Connection& connection, std::uint32_t events, Clock::time_point now);
  /// Reads what can be read (up to the connection's cap), parses and answers, until nothing
  /// more can be done without new bytes or without the client taking what is written.
  void pump(Connection& connection, Clock::time_point now);
  bool readInto(Connection& connection);
  std::size_t inputCap() const;
  bool serveNext(Connection& connection, Clock::time_point now);
  void serve(Connection& connection, Clock::time_point now);
  void refuse(Connection& connection, int status, std::string_view code, std::string_view message,
              Clock::time_point now);
  /// Writes pending output; false when the connection was closed.
  bool flush(Connection& connection, Clock::time_point now);
  void afterAnswer(Connection& connection, Clock::time_point now);
  void handOver(Connection& connection);
  void close(Connection& connection);
  void expire(Clock::time_point now);
  std::string clientIpOf(const Connection& connection, const HttpRequest& request) const;

  HttpPort& port_;
  LoopMailbox<NoCommand> mailbox_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int spare_ = -1;  // a descriptor kept free to shed a connection when the process has none left
  bool accepting_ = false;
  Clock::time_point resumeAcceptingAt_{};
  Clock::time_point nextExpiry_{};
  HttpDate date_;
  std::vector<char> scratch_;  // one read buffer for the loop; bytes are copied into a connection
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> again_;   // served their share of requests this pass; more are buffered
  std::vector<Connection*> doomed_;  // closed this pass, destroyed at its end
  const char listenTag_ = 0;         // epoll data.ptr of the listening socket
};

}  // namespace airbridge::core
