#pragma once
// A plain TCP client for tests that misbehave below HTTP: connect from a chosen loopback
// address, send bytes without reading, trickle a head, read whatever comes back.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace airbridge::testing {

class RawConnection {
 public:
  /// Connects to 127.0.0.1:port from `source` (any 127.x.y.z address works on Linux loopback).
  explicit RawConnection(int port, const std::string& source = "127.0.0.1", int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    if (receive_buffer > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) throw std::runtime_error("bind() failed");
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  int fd() const { return fd_; }

  /// Sends all of `bytes` (blocking); false if the server closed or reset the connection.
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  /// Sends what the kernel takes now; the number of bytes taken (0 when full, -1 when closed).
  long sendSome(const std::string& bytes) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    return n;
  }

  /// Reads until `text` is among what arrived, the server closes, or the deadline passes.
  std::string readUntil(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds{5}) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (received_.find(text) == std::string::npos) {
      if (!readSome(end)) break;
    }
    return received_;
  }
  /// Reads until the server closes the connection; true if it did by the deadline.
  bool closedByServer(std::chrono::milliseconds deadline = std::chrono::seconds{5}) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!closed_) {
      if (!readSome(end)) break;
    }
    return closed_;
  }
  const std::string& received() const { return received_; }
  void forget() { received_.clear(); }

 private:
  bool readSome(std::chrono::steady_clock::time_point end) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0 || closed_) return false;
    pollfd wait{fd_, POLLIN, 0};
    if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    received_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

}  // namespace airbridge::testing
