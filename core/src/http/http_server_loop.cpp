#include "http/http_server_loop.hpp"

#include <airbridge/http_responder.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace airbridge::core {
namespace {

constexpr int kMaxEvents = 256;
constexpr int kAcceptsPerPass = 256;       // then other connections get their turn
constexpr int kRequestsPerPass = 16;       // pipelined requests of one connection per turn
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr auto kTick = std::chrono::milliseconds{100};
constexpr auto kLinger = std::chrono::seconds{2};   // reading (and dropping) after a last answer
constexpr auto kAcceptPause = std::chrono::milliseconds{250};
constexpr auto kShedWarningInterval = std::chrono::seconds{10};
constexpr std::size_t kReclaimAtOnce = 16;  // waiting connections closed per shortage
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string textOf(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text, sizeof text);
  }
  return text;
}

/// Best effort and never blocking: for connections refused before they are served. What the
/// client already sent is read first (a close with unread bytes would reset the connection and
/// could destroy the answer before the client reads it).
void answerAndClose(int fd, int status, std::string_view code, std::string_view message,
                    std::string_view date) {
  char discard[4096];
  for (int i = 0; i < 16 && ::recv(fd, discard, sizeof discard, MSG_DONTWAIT) > 0; ++i) {
  }
  std::string bytes;
  appendRefusal(bytes, status, code, message, date);
  [[maybe_unused]] auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::close(fd);
}

std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct HttpServerLoop::Connection {
  enum class Phase {
    idle,       ///< between requests (kept alive): idle_timeout
    head,       ///< a request head is arriving: header_timeout from its first byte
    body,       ///< its body is arriving: body_timeout from the end of the head
    writing,    ///< the answer is being written: send_timeout for all of it
    lingering,  ///< the last answer is out; reading and dropping until the client closes
  };

  Connection(int descriptor, std::string address, bool trusted, ConnectionLease held,
             const RequestLimits& limits)
      : fd(descriptor), peer_ip(std::move(address)), behind_proxy(trusted), lease(std::move(held)),
        parser(limits) {}

  int fd;
  std::string peer_ip;
  bool behind_proxy;       ///< the peer is a trusted proxy: the client is named by its headers
  ConnectionLease lease;   ///< counts this connection against peer_ip (none behind a proxy)
  std::string input;       ///< received and not yet consumed
  HttpRequestParser parser;
  HttpRequest request;
  HttpReply reply;
  std::string output;
  std::size_t written = 0;
  Phase phase = Phase::head;
  Clock::time_point deadline;
  bool readable = true;     ///< edge-triggered: there may be unread bytes in the kernel
  bool peer_closed = false;
  bool close_after_write = false;
  bool continue_sent = false;
  bool closed = false;
  bool registered = false;  ///< in this loop's epoll set (not before the first read)
  int served = 0;
  HttpReply::TakeOver take_over;  ///< set while a taken connection's head is being written
  std::string taken_ip;
  ConnectionLease taken_lease;
};

HttpServerLoop::HttpServerLoop(HttpPort& port) : port_(port), scratch_(kReadChunk) {}

HttpServerLoop::~HttpServerLoop() { stop(); }

void HttpServerLoop::start() {
  spare_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  resumeAccepting();
  thread_ = std::thread([this] { run(); });
}

void HttpServerLoop::stop() noexcept {
  if (stopping_.exchange(true)) return;
  mailbox_.ring();
  if (thread_.joinable()) thread_.join();
  for (auto& [raw, connection] : connections_) {
    if (!connection->closed) ::close(connection->fd);
  }
  connections_.clear();
  if (spare_ >= 0) ::close(spare_);
  spare_ = -1;
}

void HttpServerLoop::resumeAccepting() {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLEXCLUSIVE;
  event.data.ptr = const_cast<char*>(&listenTag_);
  accepting_ = epoll_ctl(mailbox_.epoll(), EPOLL_CTL_ADD, port_.listen_fd, &event) == 0;
}

void HttpServerLoop::pauseAccepting(Clock::time_point now) {
  // Out of descriptors: the listening socket stays readable, so waiting on it would spin.
  // Look away from it for a moment; connections wait in the backlog meanwhile.
  if (accepting_) epoll_ctl(mailbox_.epoll(), EPOLL_CTL_DEL, port_.listen_fd, nullptr);
  accepting_ = false;
  resumeAcceptingAt_ = now + kAcceptPause;
}

void HttpServerLoop::run() {
  epoll_event events[kMaxEvents];
  while (!stopping_.load(std::memory_order_relaxed)) {
    const int timeout = again_.empty() ? static_cast<int>(kTick.count()) : 0;
    const int count = epoll_wait(mailbox_.epoll(), events, kMaxEvents, timeout);
    const auto now = Clock::now();
    for (int i = 0; i < count; ++i) {
      if (LoopMailbox<NoCommand>::isWakeup(events[i])) {
        mailbox_.take();
      } else if (events[i].data.ptr == &listenTag_) {
        acceptNew(now);
      } else {
        auto& connection = *static_cast<Connection*>(events[i].data.ptr);
        if (!connection.closed) onEvent(connection, events[i].events, now);
      }
    }
    std::vector<Connection*> again;
    again.swap(again_);
    for (Connection* connection : again) {
      if (!connection->closed) pump(*connection, now);
    }
    if (now >= nextExpiry_) {
      expire(now);
      nextExpiry_ = now + kTick;
    }
    for (Connection* connection : doomed_) connections_.erase(connection);
    doomed_.clear();
  }
}

void HttpServerLoop::acceptNew(Clock::time_point now) {
  for (int i = 0; i < kAcceptsPerPass; ++i) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int fd = accept4(port_.listen_fd, reinterpret_cast<sockaddr*>(&address), &length,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      adopt(fd, textOf(address), now);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      // Connections that only wait for a request make room first, as nginx reuses its idle
      // keep-alive connections: a client with something to ask beats one that holds a socket.
      if (reclaimWaiting(kReclaimAtOnce) > 0) continue;
      shedOneConnection();
      pauseAccepting(now);
      warnOfShortage();
    }
    return;  // EAGAIN: nothing waits (or another loop took it)
  }
}

void HttpServerLoop::shedOneConnection() {
  // The spare descriptor makes room to take one connection off the backlog and tell it why
  // (503), rather than leave it and everyone behind it to time out in silence.
  if (spare_ >= 0) {
    ::close(spare_);
    spare_ = -1;
    const int fd = accept4(port_.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      answerAndClose(fd, 503, "overloaded", "the server is out of connections; try again shortly",
                     date_.now());
      port_.counters->shed_no_descriptors.add();
      port_.shed_since_warning.fetch_add(1);
    }
    spare_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }
}

std::size_t HttpServerLoop::reclaimWaiting(std::size_t count) {
  std::vector<std::pair<Clock::time_point, Connection*>> waiting;  // since when, oldest first
  for (auto& [raw, owned] : connections_) {
    Connection& connection = *owned;
    if (connection.closed) continue;
    if (connection.phase == Connection::Phase::idle) {
      waiting.emplace_back(connection.deadline - port_.settings.idle_timeout, &connection);
    } else if (connection.phase == Connection::Phase::head) {
      waiting.emplace_back(connection.deadline - port_.settings.header_timeout, &connection);
    }
  }
  count = std::min(count, waiting.size());
  std::partial_sort(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(count), waiting.end());
  for (std::size_t i = 0; i < count; ++i) {
    Connection& connection = *waiting[i].second;
    if (connection.phase == Connection::Phase::head) {
      // Best effort and at once: lingering would keep the descriptor this is meant to free.
      std::string bytes;
      appendRefusal(bytes, 503, "overloaded", "the server is out of connections; try again shortly",
                    date_.now());
      [[maybe_unused]] auto sent = ::send(connection.fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    }
    close(connection);
  }
  port_.counters->reclaimed.add(count);
  port_.reclaimed_since_warning.fetch_add(count);
  if (count > 0) warnOfShortage();
  return count;
}

void HttpServerLoop::warnOfShortage() {
  const std::int64_t nowMs = steadyMs();
  std::int64_t last = port_.last_shed_warning_ms.load();
  const auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(kShedWarningInterval).count();
  if ((last == 0 || nowMs - last >= interval) &&
      port_.last_shed_warning_ms.compare_exchange_strong(last, nowMs)) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    port_.log->warning("{}: out of file descriptors (limit {}): since the last warning, closed {} "
                       "connection(s) that waited for a request to make room and shed {} new "
                       "one(s) with 503 (accepting pauses {} ms at a time when nothing can be "
                       "closed). Raise LimitNOFILE (ulimit -n) or lower the sinks' max_connections",
                       port_.address, limit.rlim_cur, port_.reclaimed_since_warning.exchange(0),
                       port_.shed_since_warning.exchange(0), kAcceptPause.count());
  }
}

void HttpServerLoop::adopt(int fd, std::string ip, Clock::time_point now) {
  const bool behindProxy = port_.settings.trusted_proxies.contains(ip);
  ConnectionLease lease;
  if (!behindProxy) {
    auto granted = port_.per_address->acquire(ip);
    if (!granted) {
      port_.counters->refused_per_address.add();
      answerAndClose(fd, 429, "too_many_connections",
                     fmt::format("too many connections from {} (http.max_connections_per_address {})",
                                 ip, port_.per_address->max()),
                     date_.now());
      return;
    }
    lease = std::move(*granted);
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // answers go out in one write
  const RequestLimits limits{port_.settings.max_header_bytes,
                             static_cast<std::size_t>(port_.settings.max_headers), 64,
                             port_.settings.max_body_bytes};
  auto owned = std::make_unique<Connection>(fd, std::move(ip), behindProxy, std::move(lease), limits);
  Connection& connection = *owned;
  connection.deadline = now + port_.settings.header_timeout;
  connections_.emplace(&connection, std::move(owned));
  port_.counters->open.add(1);
  // The listening socket defers accept until the client has sent something, so the request is
  // usually here: serve it before registering, and a WebSocket upgrade or a one-request client
  // never touches this loop's epoll set at all.
  pump(connection, now);
  if (connection.closed) return;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  event.data.ptr = &connection;
  if (epoll_ctl(mailbox_.epoll(), EPOLL_CTL_ADD, fd, &event) != 0) {
    close(connection);
    return;
  }
  // Edge-triggered registration reports what is ready now, so nothing that arrived since the
  // read above is missed.
  connection.registered = true;
}

void HttpServerLoop::onEvent(Connection& connection, std::uint32_t events, Clock::time_point now) {
  if (events & EPOLLERR) {
    close(connection);
    return;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) connection.readable = true;
  if ((events & EPOLLOUT) && connection.written < connection.output.size()) {
    if (!flush(connection, now)) return;
  }
  pump(connection, now);
}

void HttpServerLoop::pump(Connection& connection, Clock::time_point now) {
  int requests = 0;
  while (!connection.closed) {
    // While an answer is unsent nothing more is read: a client that sends and never reads
    // holds at most one answer and one buffer of requests.
    if (connection.phase == Connection::Phase::writing) return;
    if (connection.readable && !readInto(connection)) return;
    if (connection.phase == Connection::Phase::lingering) {
      if (connection.peer_closed) close(connection);
      return;
    }
    if (connection.input.empty()) {
      if (connection.peer_closed) close(connection);  // gone between requests, or mid-head
      return;
    }
    if (requests == kRequestsPerPass) {
      again_.push_back(&connection);  // fair to the others; the rest is served next pass
      return;
    }
    if (!serveNext(connection, now)) {
      if (connection.input.size() >= inputCap()) {
        // Only a chunked body's framing can make the bytes outgrow the caps on what they carry.
        refuse(connection, 413, "too_large", "the request is larger than this server accepts", now);
        return;
      }
      if (connection.peer_closed && connection.phase != Connection::Phase::writing) close(connection);
      if (!connection.readable) return;
      continue;
    }
    ++requests;
  }
}

std::size_t HttpServerLoop::inputCap() const {
  // What one connection may hold: a whole head and body, plus a little of what follows.
  return port_.settings.max_header_bytes + port_.settings.max_body_bytes + kReadChunk;
}

bool HttpServerLoop::readInto(Connection& connection) {
  const bool discard = connection.phase == Connection::Phase::lingering;
  const std::size_t cap = inputCap();
  while (discard || connection.input.size() < cap) {
    const std::size_t room = discard ? scratch_.size() : std::min(scratch_.size(), cap - connection.input.size());
    const ssize_t got = ::recv(connection.fd, scratch_.data(), room, 0);
    if (got > 0) {
      if (!discard) connection.input.append(scratch_.data(), static_cast<std::size_t>(got));
      if (static_cast<std::size_t>(got) < room) {
        // A short read emptied the socket's buffer: the next bytes raise a new edge, so the
        // read that would only say EAGAIN is saved.
        connection.readable = false;
        return true;
      }
      continue;
    }
    if (got == 0) {
      connection.peer_closed = true;
      connection.readable = false;
      return true;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      connection.readable = false;
      return true;
    }
    close(connection);  // reset by the peer
    return false;
  }
  return true;  // at the cap: the rest stays in the kernel until this is consumed
}

bool HttpServerLoop::serveNext(Connection& connection, Clock::time_point now) {
  if (connection.phase == Connection::Phase::idle) {
    connection.phase = Connection::Phase::head;
    connection.deadline = now + port_.settings.header_timeout;  // from its first byte, once
  }
  switch (connection.parser.parse(connection.input, connection.request)) {
    case HttpRequestParser::Result::need_more:
      if (connection.parser.inBody() && connection.phase == Connection::Phase::head) {
        connection.phase = Connection::Phase::body;
        connection.deadline = now + port_.settings.body_timeout;
      }
      if (connection.parser.expectsContinue() && !connection.continue_sent) {
        connection.continue_sent = true;
        connection.output.append(kContinue);
        flush(connection, now);
      }
      return false;
    case HttpRequestParser::Result::refused: {
      port_.counters->bad_requests.add();
      const RequestRefusal& refusal = connection.parser.refusal();
      refuse(connection, refusal.status, refusal.code, refusal.message, now);
      return true;
    }
    case HttpRequestParser::Result::complete:
      serve(connection, now);
      return true;
  }
  return false;
}

std::string HttpServerLoop::clientIpOf(const Connection& connection, const HttpRequest& request) const {
  if (!connection.behind_proxy) return connection.peer_ip;
  // The proxy appends the address it saw: the last entry not itself a trusted proxy is the client.
  if (const auto forwarded = request.header("X-Forwarded-For")) {
    std::string_view rest = *forwarded;
    while (!rest.empty()) {
      const std::size_t comma = rest.rfind(',');
      std::string_view entry = rest.substr(comma == std::string_view::npos ? 0 : comma + 1);
      rest = rest.substr(0, comma == std::string_view::npos ? 0 : comma);
      while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
      while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
      if (entry.empty()) continue;
      if (!port_.settings.trusted_proxies.contains(entry)) return std::string(entry.substr(0, 64));
    }
  }
  if (const auto real = request.header("X-Real-IP"); real && !real->empty()) {
    return std::string(real->substr(0, 64));
  }
  return connection.peer_ip;
}

void HttpServerLoop::serve(Connection& connection, Clock::time_point now) {
  HttpRequest& request = connection.request;
  HttpReply& reply = connection.reply;
  request.client_ip = clientIpOf(connection, request);
  reply.clear();
  port_.counters->requests.add();
  const HttpRouteTable routes = port_.routes.load();  // held: release() waits for it
  const HttpRoute* route = matchRoute(*routes, request.path);
  if (!route) {
    reply.setStatus(404);
    reply.setBody("application/json",
                  HttpResponder::errorBody("not_found", fmt::format("nothing is served at {}",
                                                                    request.path.substr(0, 200))));
  } else {
    try {
      route->endpoint->handle(request, reply);
    } catch (const std::exception& e) {
      // Control stays here: one bad request costs only itself.
      port_.log->error("{} {} failed in {}: {}", request.method, request.path.substr(0, 200),
                       route->owner, e.what());
      reply.clear();
      reply.setStatus(500);
      reply.setBody("application/json",
                    HttpResponder::errorBody("internal", "the server failed to answer this request; see its log"));
    }
  }
  ++connection.served;
  bool keep = connection.parser.keepAlive() && !connection.peer_closed &&
              connection.served < port_.settings.max_requests_per_connection &&
              !stopping_.load(std::memory_order_relaxed);
  if (reply.takesOver()) {
    // Behind a proxy the connection was not counted at accept; a long-lived one is counted
    // against the client the proxy names.
    std::optional<ConnectionLease> lease;
    if (connection.behind_proxy) lease = port_.per_address->acquire(request.client_ip);
    else lease = std::move(connection.lease);
    if (lease) {
      connection.taken_ip = request.client_ip;
      connection.taken_lease = std::move(*lease);
    } else {
      port_.counters->refused_per_address.add();
      reply.clear();
      reply.setStatus(429);
      reply.set("Retry-After", "5");
      reply.setBody("application/json",
                    HttpResponder::errorBody("too_many_connections",
                                             fmt::format("too many connections from {} "
                                                         "(http.max_connections_per_address {})",
                                                         request.client_ip, port_.per_address->max())));
    }
  }
  const bool headOnly = request.isHead();
  const int minor = request.version_minor;
  appendResponse(connection.output, reply,
                 ResponseFraming{headOnly, !keep, keep && minor == 0, date_.now()});
  if (reply.takesOver()) connection.take_over = std::move(reply.takeOverCallback());
  connection.input.erase(0, connection.parser.consumed());
  connection.parser.reset();
  connection.continue_sent = false;
  connection.close_after_write = !keep;
  connection.phase = Connection::Phase::writing;
  connection.deadline = now + port_.settings.send_timeout;
  flush(connection, now);
}

void HttpServerLoop::refuse(Connection& connection, int status, std::string_view code,
                            std::string_view message, Clock::time_point now) {
  appendRefusal(connection.output, status, code, message, date_.now());
  connection.input.clear();
  connection.parser.reset();
  connection.close_after_write = true;
  connection.phase = Connection::Phase::writing;
  connection.deadline = now + port_.settings.send_timeout;
  flush(connection, now);
}

bool HttpServerLoop::flush(Connection& connection, Clock::time_point now) {
  while (connection.written < connection.output.size()) {
    const ssize_t sent = ::send(connection.fd, connection.output.data() + connection.written,
                                connection.output.size() - connection.written, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      connection.written += static_cast<std::size_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // EPOLLOUT resumes
    close(connection);
    return false;
  }
  connection.output.clear();
  connection.written = 0;
  if (connection.output.capacity() > 64 * 1024) connection.output.shrink_to_fit();
  if (connection.phase == Connection::Phase::writing) afterAnswer(connection, now);
  return !connection.closed;
}

void HttpServerLoop::afterAnswer(Connection& connection, Clock::time_point now) {
  if (connection.take_over) {
    handOver(connection);
    return;
  }
  if (connection.close_after_write) {
    // Half-close and read what the client still sends until it closes: closing with unread
    // bytes would reset the connection and could destroy the answer before it is read.
    ::shutdown(connection.fd, SHUT_WR);
    connection.input.clear();
    connection.input.shrink_to_fit();
    connection.phase = Connection::Phase::lingering;
    connection.deadline = now + kLinger;
    return;
  }
  connection.phase = Connection::Phase::idle;
  connection.deadline = now + port_.settings.idle_timeout;
  if (connection.input.capacity() > 64 * 1024 && connection.input.size() < 1024) connection.input.shrink_to_fit();
}

void HttpServerLoop::handOver(Connection& connection) {
  if (connection.registered) epoll_ctl(mailbox_.epoll(), EPOLL_CTL_DEL, connection.fd, nullptr);
  TakenConnection taken;
  taken.fd = connection.fd;
  taken.unread = std::move(connection.input);
  taken.client_ip = std::move(connection.taken_ip);
  taken.lease = std::move(connection.taken_lease);
  auto take = std::move(connection.take_over);
  connection.closed = true;  // no longer ours: not closed here
  port_.counters->open.add(-1);
  doomed_.push_back(&connection);
  try {
    take(std::move(taken));
  } catch (const std::exception& e) {
    port_.log->error("handing a connection over failed: {}", e.what());
  }
}

void HttpServerLoop::close(Connection& connection) {
  if (connection.closed) return;
  ::close(connection.fd);  // also removes it from the epoll set
  connection.closed = true;
  connection.lease.reset();
  port_.counters->open.add(-1);
  doomed_.push_back(&connection);
}

void HttpServerLoop::expire(Clock::time_point now) {
  if (!accepting_ && now >= resumeAcceptingAt_) {
    resumeAccepting();
    acceptNew(now);  // the backlog may hold connections the pause left waiting
  }
  for (auto& [raw, owned] : connections_) {
    Connection& connection = *owned;
    if (connection.closed || now < connection.deadline) continue;
    switch (connection.phase) {
      case Connection::Phase::head:
      case Connection::Phase::body: {
        const bool head = connection.phase == Connection::Phase::head;
        port_.counters->timed_out.add();
        refuse(connection, 408, "timeout",
               fmt::format("the request {} did not arrive within {} ms (http.{})", head ? "head" : "body",
                           (head ? port_.settings.header_timeout : port_.settings.body_timeout).count(),
                           head ? "header_timeout" : "body_timeout"),
               now);
        break;
      }
      case Connection::Phase::idle:
      case Connection::Phase::writing:  // the client does not take its answer
      case Connection::Phase::lingering:
        close(connection);
        break;
    }
  }
}

}  // namespace airbridge::core
