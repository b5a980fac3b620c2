#pragma once
// A WebSocket client for tests, written against RFC 6455 directly so it can also misbehave on
// purpose: unmasked frames, reserved bits, oversized control frames, fragments, bad UTF-8.

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace airbridge::testing {

struct WsFrameIn {
  std::uint8_t opcode = 0;
  std::string payload;
  std::uint16_t closeCode() const;
};

class WsTestClient {
 public:
  /// Connects and upgrades; throws with the HTTP status line if the server refuses.
  WsTestClient(int port, const std::string& path, const std::map<std::string, std::string>& headers = {});

  /// Raw HTTP handshake result: status code and whole response head.
  static std::pair<int, std::string> tryHandshake(int port, const std::string& path,
                                                  const std::map<std::string, std::string>& headers = {});

  void sendText(const std::string& text) { sendFrame(0x1, text); }
  /// `first_byte_flags` goes into the first header byte (FIN 0x80, RSV 0x70); `mask` false sends
  /// an unmasked frame, which servers must refuse.
  void sendFrame(std::uint8_t opcode, const std::string& payload, bool fin = true, bool mask = true,
                 std::uint8_t rsv = 0);
  void sendRaw(const std::string& bytes);

  /// Next frame, or nullopt at the deadline. Throws if the connection ends.
  std::optional<WsFrameIn> receive(std::chrono::milliseconds deadline = std::chrono::seconds{5});
  /// Next text frame, answering pings and skipping server heartbeats if `skip_heartbeats`.
  std::optional<std::string> receiveText(std::chrono::milliseconds deadline = std::chrono::seconds{5},
                                         bool skip_heartbeats = true);
  /// Waits for a close frame and returns its code; nullopt if none came by the deadline.
  std::optional<std::uint16_t> waitForClose(std::chrono::milliseconds deadline = std::chrono::seconds{5});
  /// True when the server closed the TCP connection by the deadline.
  bool connectionClosed(std::chrono::milliseconds deadline = std::chrono::seconds{5});

  Poco::Net::StreamSocket& socket() { return socket_; }
  /// Stops reading from the socket: the kernel buffers fill, as with a stalled phone.
  void setReceiveBuffer(int bytes);

 private:
  bool fill(std::chrono::steady_clock::time_point until);
  Poco::Net::StreamSocket socket_;
  std::string buffer_;
};

}  // namespace airbridge::testing
