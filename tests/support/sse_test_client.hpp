#pragma once
// A Server-Sent Events client for tests: sends the request (with extra `headers`) and collects
// whatever arrives, raw, until the text a test waits for.

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <string>

namespace airbridge::testing {

class SseClient {
 public:
  SseClient(int port, const std::string& headers = "") : socket_(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port))) {
    const std::string request = "GET /v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n" + headers + "\r\n";
    socket_.sendBytes(request.data(), static_cast<int>(request.size()));
  }
  /// Reads until `text` has arrived (true) or the deadline passed.
  bool waitFor(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds{5}) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    char buffer[8192];
    while (received_.find(text) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::microseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !socket_.poll(Poco::Timespan(left.count()), Poco::Net::Socket::SELECT_READ)) return false;
      const int n = socket_.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) return false;
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }
  const std::string& received() const { return received_; }

 private:
  Poco::Net::StreamSocket socket_;
  std::string received_;
};

}  // namespace airbridge::testing
