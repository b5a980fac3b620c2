#include "ws_frame.hpp"
#include "ws_handshake.hpp"

#include <catch2/catch.hpp>

using namespace airbridge::websocket;

namespace {
std::string maskedFrame(std::uint8_t first, const std::string& payload) {
  std::string frame;
  frame += static_cast<char>(first);
  frame += static_cast<char>(0x80 | payload.size());  // short payloads only
  frame += std::string(4, '\0');  // zero mask: payload unchanged
  return frame + payload;
}
}  // namespace

TEST_CASE("the accept key is RFC 6455's example") {
  CHECK(computeAcceptKey("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("close codes a peer may send, and those answered with 1002") {
  for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999}) {
    CHECK(isValidReceivedCloseCode(code));
  }
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
    CHECK_FALSE(isValidReceivedCloseCode(code));
  }
  WsFrameReader reader(1024);
  const std::string frame = maskedFrame(0x88, std::string("\x03\xED", 2));  // 1005
  reader.append(frame.data(), frame.size());
  ClientMessage message;
  FrameError error;
  REQUIRE(reader.next(message, error) == WsFrameReader::Result::error);
  CHECK(error.code == 1002);
}

TEST_CASE("a frame split at every byte comes out once, whole") {
  WsFrameReader reader(1024);
  const std::string frame = maskedFrame(0x81, R"({"op":3})");
  ClientMessage message;
  FrameError error;
  for (std::size_t i = 0; i + 1 < frame.size(); ++i) {
    reader.append(frame.data() + i, 1);
    REQUIRE(reader.next(message, error) == WsFrameReader::Result::need_more);
  }
  reader.append(frame.data() + frame.size() - 1, 1);
  REQUIRE(reader.next(message, error) == WsFrameReader::Result::message);
  CHECK(message.payload == R"({"op":3})");
  CHECK(reader.buffered() == 0);
}
