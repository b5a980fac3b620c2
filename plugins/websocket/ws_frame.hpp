#pragma once
// RFC 6455 framing: server frames out (unmasked, encoded once and shared by every client) and
// an incremental reader for client frames that consumes input only when a whole frame is there.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace airbridge::websocket {

enum class Opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

/// Close codes this gateway sends (RFC 6455 and protocol v1, docs/protocol.md).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t too_big = 1009;
inline constexpr std::uint16_t unknown_opcode = 4001;
inline constexpr std::uint16_t decode_error = 4002;
inline constexpr std::uint16_t not_subscribed = 4003;
inline constexpr std::uint16_t already_subscribed = 4005;
inline constexpr std::uint16_t rate_limited = 4008;
inline constexpr std::uint16_t heartbeat_timeout = 4009;
inline constexpr std::uint16_t too_slow = 4010;
}  // namespace close_code

/// One encoded server frame, shared read-only by every client queue it is in.
using SharedFrame = std::shared_ptr<const std::string>;

std::string encodeFrame(Opcode opcode, std::string_view payload);
SharedFrame makeTextFrame(std::string_view text);
std::string encodeClose(std::uint16_t code, std::string_view reason);

/// Whether a peer may send `code` in a close frame (RFC 6455 §7.4); others are answered 1002.
bool isValidReceivedCloseCode(std::uint16_t code);

/// A whole client message (fragments reassembled) or a control frame.
struct ClientMessage {
  Opcode opcode = Opcode::text;
  std::string payload;
  std::uint16_t close_code = 0;  ///< for close: the code the client sent (1005 when none)
};

/// Why the reader refused the stream; the connection is then closed with `code`.
struct FrameError {
  std::uint16_t code = 0;
  const char* reason = "";
};

class WsFrameReader {
 public:
  explicit WsFrameReader(std::size_t max_message_size) : max_(max_message_size) {}

  void append(const char* data, std::size_t size) { buffer_.append(data, size); }
  enum class Result { message, need_more, error };
  /// Takes the next whole message or control frame out of what was appended.
  Result next(ClientMessage& out, FrameError& error);
  std::size_t buffered() const { return buffer_.size() - offset_; }

 private:
  struct FrameHeader {
    bool fin = false;
    bool control = false;
    Opcode opcode = Opcode::text;
    std::size_t header = 2;  ///< bytes before the mask key
    std::size_t length = 0;  ///< payload bytes, at most max_
  };
  /// The frame header at the start of `data`: message when whole and acceptable.
  Result readHeader(std::string_view data, FrameHeader& frame, FrameError& error) const;
  /// A ping, pong or close frame (whole by then, at most 125 bytes).
  Result readControl(Opcode opcode, std::string payload, ClientMessage& out, FrameError& error);
  /// A text, binary or continuation frame: message when it ends a message, need_more otherwise.
  Result readData(const FrameHeader& frame, std::string payload, ClientMessage& out, FrameError& error);

  const std::size_t max_;
  std::string buffer_;
  std::size_t offset_ = 0;         // bytes of buffer_ already consumed
  std::string fragments_;          // a fragmented text/binary message so far
  Opcode fragmentOpcode_ = Opcode::text;
  bool inFragmentedMessage_ = false;
};

}  // namespace airbridge::websocket
