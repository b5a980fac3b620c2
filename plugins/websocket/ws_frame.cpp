#include "ws_frame.hpp"

#include <airbridge/utf8.hpp>

namespace airbridge::websocket {

std::string encodeFrame(Opcode opcode, std::string_view payload) {
  std::string frame;
  frame.reserve(payload.size() + 10);
  frame += static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));  // FIN, no RSV
  const std::uint64_t size = payload.size();
  if (size < 126) {
    frame += static_cast<char>(size);
  } else if (size <= 0xFFFF) {
    frame += static_cast<char>(126);
    frame += static_cast<char>(size >> 8);
    frame += static_cast<char>(size & 0xFF);
  } else {
    frame += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xFF);
  }
  frame.append(payload);
  return frame;
}

SharedFrame makeTextFrame(std::string_view text) {
  return std::make_shared<const std::string>(encodeFrame(Opcode::text, text));
}

std::string encodeClose(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  payload.append(reason.substr(0, 123));  // control frames carry at most 125 bytes
  return encodeFrame(Opcode::close, payload);
}

bool isValidReceivedCloseCode(std::uint16_t code) {
  // RFC 6455 §7.4: 1004-1006 and 1015 are reserved and never sent in a frame; 1012-1014 were
  // registered with IANA later; 3000-4999 belong to libraries and applications.
  if (code >= 3000 && code <= 4999) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

WsFrameReader::Result WsFrameReader::readHeader(std::string_view data, FrameHeader& frame,
                                                FrameError& error) const {
  if (data.size() < 2) return Result::need_more;
  const auto b0 = static_cast<std::uint8_t>(data[0]);
  const auto b1 = static_cast<std::uint8_t>(data[1]);
  frame.fin = b0 & 0x80;
  frame.opcode = static_cast<Opcode>(b0 & 0x0F);
  const auto op = static_cast<std::uint8_t>(frame.opcode);
  frame.control = op & 0x08;
  std::uint64_t length = b1 & 0x7F;
  if (b0 & 0x70) {
    error = {close_code::protocol_error, "reserved bits set"};
    return Result::error;
  }
  if (!(b1 & 0x80)) {
    error = {close_code::protocol_error, "client frames must be masked"};
    return Result::error;
  }
  if (op != 0 && op != 1 && op != 2 && op != 8 && op != 9 && op != 10) {
    error = {close_code::protocol_error, "unknown frame opcode"};
    return Result::error;
  }
  if (frame.control && (!frame.fin || length > 125)) {
    error = {close_code::protocol_error, "control frames must be whole and at most 125 bytes"};
    return Result::error;
  }
  frame.header = 2;
  if (length == 126) {
    if (data.size() < 4) return Result::need_more;
    length = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(data[2])) << 8) |
             static_cast<std::uint8_t>(data[3]);
    frame.header = 4;
  } else if (length == 127) {
    if (data.size() < 10) return Result::need_more;
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(data[i]);
    frame.header = 10;
  }
  // Checked before any sum: a 64-bit length is then small enough to add to.
  const std::size_t soFar = inFragmentedMessage_ && !frame.control ? fragments_.size() : 0;
  if (length > max_ || soFar + length > max_) {
    error = {close_code::too_big, "message over max_message_size"};
    return Result::error;
  }
  frame.length = static_cast<std::size_t>(length);
  return Result::message;
}

WsFrameReader::Result WsFrameReader::readControl(Opcode opcode, std::string payload,
                                                 ClientMessage& out, FrameError& error) {
  out.opcode = opcode;
  out.close_code = 0;
  if (opcode == Opcode::close) {
    if (payload.size() == 1) {
      error = {close_code::protocol_error, "a close frame with a 1-byte payload"};
      return Result::error;
    }
    out.close_code = payload.size() >= 2
                         ? static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                      static_cast<std::uint8_t>(payload[1]))
                         : 1005;
    if (payload.size() >= 2 && !isValidReceivedCloseCode(out.close_code)) {
      error = {close_code::protocol_error, "invalid close code"};
      return Result::error;
    }
    if (payload.size() > 2 && !isValidUtf8(std::string_view(payload).substr(2))) {
      error = {close_code::invalid_payload, "close reason is not UTF-8"};
      return Result::error;
    }
  }
  out.payload = std::move(payload);
  return Result::message;
}

WsFrameReader::Result WsFrameReader::readData(const FrameHeader& frame, std::string payload,
                                              ClientMessage& out, FrameError& error) {
  if (frame.opcode == Opcode::continuation) {
    if (!inFragmentedMessage_) {
      error = {close_code::protocol_error, "continuation frame without a message to continue"};
      return Result::error;
    }
    fragments_ += payload;
  } else {
    if (inFragmentedMessage_) {
      error = {close_code::protocol_error, "new message before the fragmented one ended"};
      return Result::error;
    }
    fragmentOpcode_ = frame.opcode;
    fragments_ = std::move(payload);
    inFragmentedMessage_ = true;
  }
  if (!frame.fin) return Result::need_more;  // more fragments to come
  inFragmentedMessage_ = false;
  if (fragmentOpcode_ == Opcode::text && !isValidUtf8(fragments_)) {
    error = {close_code::invalid_payload, "text message is not valid UTF-8"};
    return Result::error;
  }
  out.opcode = fragmentOpcode_;
  out.payload = std::move(fragments_);
  fragments_.clear();
  fragments_.shrink_to_fit();
  return Result::message;
}

WsFrameReader::Result WsFrameReader::next(ClientMessage& out, FrameError& error) {
  while (true) {
    const std::string_view data = std::string_view(buffer_).substr(offset_);
    FrameHeader frame;
    const Result header = readHeader(data, frame, error);
    if (header == Result::error) return header;
    if (header == Result::need_more || data.size() < frame.header + 4 + frame.length) break;
    const char* mask = data.data() + frame.header;
    std::string payload(data.substr(frame.header + 4, frame.length));
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] ^= mask[i % 4];
    offset_ += frame.header + 4 + frame.length;
    if (offset_ > 4096 && offset_ * 2 > buffer_.size()) {  // keep the buffer from growing
      buffer_.erase(0, offset_);
      offset_ = 0;
    }
    if (frame.control) return readControl(frame.opcode, std::move(payload), out, error);
    const Result dataResult = readData(frame, std::move(payload), out, error);
    if (dataResult != Result::need_more) return dataResult;
  }
  if (offset_ == buffer_.size()) {  // all consumed: release the memory of idle connections
    buffer_.clear();
    buffer_.shrink_to_fit();
    offset_ = 0;
  }
  return Result::need_more;
}

}  // namespace airbridge::websocket
