#include "http/http_header_gate.hpp"

#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

namespace airbridge::core {
namespace {
constexpr int kMaxEvents = 256;
constexpr int kTickMs = 100;  // how often slow heads are looked for
}  // namespace

HttpHeaderGate::HttpHeaderGate(Poco::Net::ServerSocket socket,
                               Poco::Net::HTTPRequestHandlerFactory::Ptr factory, Settings settings,
                               const Logger& log)
    : socket_(std::move(socket)),
      factory_(std::move(factory)),
      params_(new Poco::Net::HTTPServerParams),
      settings_(settings),
      log_(log) {
  // One request per connection: after the answer the worker is free again (see
  // http_listeners.hpp for why keep-alive is off).
  params_->setKeepAlive(false);
  params_->setTimeout(Poco::Timespan(
      std::chrono::duration_cast<std::chrono::microseconds>(settings_.header_timeout).count()));
}

HttpHeaderGate::~HttpHeaderGate() { stop(); }

void HttpHeaderGate::start() {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("epoll/eventfd unavailable");
  socket_.setBlocking(false);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = socket_.impl()->sockfd();
  epoll_ctl(epoll_, EPOLL_CTL_ADD, event.data.fd, &event);
  event.data.fd = wake_;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  for (int i = 0; i < settings_.workers; ++i) workers_.emplace_back([this] { workerLoop(); });
  gate_ = std::thread([this] { gateLoop(); });
}

void HttpHeaderGate::stop() noexcept {
  if (stopping_.exchange(true)) return;
  if (wake_ >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto ignored = write(wake_, &one, sizeof one);
  }
  if (gate_.joinable()) gate_.join();
  ready_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  for (const auto& [fd, since] : waiting_) close(fd);
  waiting_.clear();
  for (int fd : ready_fds_) close(fd);
  ready_fds_.clear();
  if (epoll_ >= 0) close(epoll_);
  if (wake_ >= 0) close(wake_);
  epoll_ = wake_ = -1;
  try {
    socket_.close();
  } catch (const Poco::Exception&) {
    // already closed
  }
}

void HttpHeaderGate::gateLoop() {
  epoll_event events[kMaxEvents];
  const int listenFd = socket_.impl()->sockfd();
  while (!stopping_.load()) {
    const int count = epoll_wait(epoll_, events, kMaxEvents, kTickMs);
    for (int i = 0; i < count; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_) continue;
      if (fd == listenFd) {
        acceptAll();
      } else {
        inspect(fd);
      }
    }
    expireSlowHeads();
  }
}

void HttpHeaderGate::acceptAll() {
  const int listenFd = socket_.impl()->sockfd();
  while (true) {
    // Blocking client sockets: Poco's HTTP session code expects them.
    const int fd = accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        log_.warning("cannot accept more connections: out of file descriptors; raise "
                     "LimitNOFILE");
      }
      return;  // EAGAIN: accepted everything that was waiting
    }
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.fd = fd;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) {
      close(fd);
      continue;
    }
    waiting_.emplace(fd, std::chrono::steady_clock::now());
  }
}

void HttpHeaderGate::inspect(int fd) {
  std::string& head = peekBuffer_;  // sized once: this runs for every readable connection
  head.resize(settings_.max_header_bytes);
  const ssize_t peeked = recv(fd, head.data(), head.size(), MSG_PEEK | MSG_DONTWAIT);
  if (peeked == 0 || (peeked < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    forget(fd);
    close(fd);  // the client left before finishing its request
    return;
  }
  if (peeked < 0) return;
  const std::string_view seen(head.data(), static_cast<std::size_t>(peeked));
  if (seen.find("\r\n\r\n") != std::string_view::npos || seen.find("\n\n") != std::string_view::npos) {
    forget(fd);
    {
      std::lock_guard lock(mutex_);
      ready_fds_.push_back(fd);
    }
    ready_.notify_one();
    return;
  }
  if (static_cast<std::size_t>(peeked) >= settings_.max_header_bytes) {
    forget(fd);
    reject(fd, "431 Request Header Fields Too Large",
           fmt::format("the request head is over {} bytes", settings_.max_header_bytes).c_str());
  }
}

void HttpHeaderGate::expireSlowHeads() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<int> expired;
  for (const auto& [fd, since] : waiting_) {
    if (now - since >= settings_.header_timeout) expired.push_back(fd);
  }
  for (int fd : expired) {
    forget(fd);
    reject(fd, "408 Request Timeout", "the request head did not arrive in time");
  }
}

void HttpHeaderGate::forget(int fd) {
  epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  waiting_.erase(fd);
}

void HttpHeaderGate::reject(int fd, const char* status_line, const char* message) {
  const std::string body = fmt::format(R"({{"error":{{"code":"bad_request","message":"{}"}}}})",
                                       message);
  const std::string response = fmt::format(
      "HTTP/1.1 {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: "
      "close\r\n\r\n{}", status_line, body.size(), body);
  // Best effort and never blocking: the client may be gone or not reading.
  [[maybe_unused]] auto sent = send(fd, response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  close(fd);
}

void HttpHeaderGate::workerLoop() {
  while (true) {
    int fd = -1;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_.load() || !ready_fds_.empty(); });
      if (ready_fds_.empty()) return;  // stopping, nothing left
      fd = ready_fds_.front();
      ready_fds_.pop_front();
    }
    try {
      Poco::Net::StreamSocket socket(new Poco::Net::StreamSocketImpl(fd));
      Poco::Net::HTTPServerConnection connection(socket, params_, factory_);
      connection.run();
    } catch (const std::exception& e) {
      log_.debug("http connection ended with an error: {}", e.what());
    }
  }
}

}  // namespace airbridge::core
