// libFuzzer target: arbitrary client bytes, in arbitrary pieces, through the WebSocket frame
// reader, and each text message through the v1 protocol's request parser. Nothing may crash, leak
// or hang; a message is never larger than the cap, text is valid UTF-8, and after an error the
// connection would be closed (the reader is not used again).

#include "v1_protocol.hpp"
#include "ws_frame.hpp"

#include <airbridge/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using airbridge::websocket::ClientMessage;
using airbridge::websocket::FrameError;
using airbridge::websocket::Opcode;
using airbridge::websocket::WsFrameReader;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;  // the first byte picks the read size
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr std::size_t kMax = 1024;
  WsFrameReader reader(kMax);
  ClientMessage message;
  FrameError error;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    const auto piece = bytes.substr(at, chunk);
    reader.append(piece.data(), piece.size());
    while (true) {
      const auto result = reader.next(message, error);
      if (result == WsFrameReader::Result::error) {
        if (error.code != 1002 && error.code != 1007 && error.code != 1009) std::abort();
        return 0;
      }
      if (result == WsFrameReader::Result::need_more) break;
      if (message.payload.size() > kMax) std::abort();
      if (message.opcode == Opcode::text && !airbridge::isValidUtf8(message.payload)) std::abort();
      if (message.opcode == Opcode::text) {
        // What the v1 protocol then makes of it: a request, or a reason to close with 4002.
        std::string why;
        const auto request = airbridge::websocket::parseClientRequest(message.payload, why);
        if (!request && why.empty()) std::abort();
        if (request && request->op == 2 && request->topics == 0) std::abort();
      }
      if (message.opcode == Opcode::close && message.close_code != 1005 &&
          !airbridge::websocket::isValidReceivedCloseCode(message.close_code)) {
        std::abort();
      }
    }
  }
  return 0;
}
