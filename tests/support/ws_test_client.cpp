#include "ws_test_client.hpp"

#include <Poco/Net/NetException.h>
#include <fmt/format.h>

#include <random>
#include <stdexcept>

namespace airbridge::testing {
namespace {

std::string handshakeRequest(const std::string& path, const std::map<std::string, std::string>& headers) {
  std::string request = fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", path);
  std::map<std::string, std::string> all{{"Upgrade", "websocket"},
                                         {"Connection", "Upgrade"},
                                         {"Sec-WebSocket-Version", "13"},
                                         {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  for (const auto& [name, value] : headers) all[name] = value;
  for (const auto& [name, value] : all) {
    if (!value.empty()) request += fmt::format("{}: {}\r\n", name, value);
  }
  return request + "\r\n";
}

std::string readHead(Poco::Net::StreamSocket& socket, std::string& rest) {
  std::string data;
  char buffer[1024];
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  while (data.find("\r\n\r\n") == std::string::npos) {
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  const auto end = data.find("\r\n\r\n");
  if (end == std::string::npos) return data;
  rest = data.substr(end + 4);
  return data.substr(0, end + 4);
}

int statusOf(const std::string& head) {
  return head.size() > 12 ? std::stoi(head.substr(9, 3)) : 0;
}

}  // namespace

std::uint16_t WsFrameIn::closeCode() const {
  if (payload.size() < 2) return 1005;
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                    static_cast<std::uint8_t>(payload[1]));
}

std::pair<int, std::string> WsTestClient::tryHandshake(int port, const std::string& path,
                                                       const std::map<std::string, std::string>& headers) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  const std::string request = handshakeRequest(path, headers);
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  std::string rest;
  const std::string head = readHead(socket, rest);
  return {statusOf(head), head + rest};
}

WsTestClient::WsTestClient(int port, const std::string& path,
                           const std::map<std::string, std::string>& headers)
    : socket_(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port))) {
  const std::string request = handshakeRequest(path, headers);
  socket_.sendBytes(request.data(), static_cast<int>(request.size()));
  const std::string head = readHead(socket_, buffer_);
  if (statusOf(head) != 101) throw std::runtime_error("handshake refused: " + head);
  if (head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == std::string::npos) {
    throw std::runtime_error("wrong Sec-WebSocket-Accept: " + head);
  }
}

void WsTestClient::sendFrame(std::uint8_t opcode, const std::string& payload, bool fin, bool mask,
                             std::uint8_t rsv) {
  std::string frame;
  frame += static_cast<char>((fin ? 0x80 : 0) | rsv | opcode);
  const std::uint8_t maskBit = mask ? 0x80 : 0;
  if (payload.size() < 126) {
    frame += static_cast<char>(maskBit | payload.size());
  } else if (payload.size() <= 0xFFFF) {
    frame += static_cast<char>(maskBit | 126);
    frame += static_cast<char>(payload.size() >> 8);
    frame += static_cast<char>(payload.size() & 0xFF);
  } else {
    frame += static_cast<char>(maskBit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((payload.size() >> shift) & 0xFF);
  }
  if (mask) {
    static std::mt19937 random(42);
    char key[4];
    for (char& k : key) k = static_cast<char>(random());
    frame.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ key[i % 4]);
  } else {
    frame += payload;
  }
  sendRaw(frame);
}

void WsTestClient::sendRaw(const std::string& bytes) {
  socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
}

bool WsTestClient::fill(std::chrono::steady_clock::time_point until) {
  const auto left = until - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return false;
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
  if (!socket_.poll(Poco::Timespan(micros), Poco::Net::Socket::SELECT_READ)) return false;
  char data[16384];
  const int n = socket_.receiveBytes(data, sizeof data);
  if (n <= 0) throw std::runtime_error("connection closed");
  buffer_.append(data, static_cast<std::size_t>(n));
  return true;
}

std::optional<WsFrameIn> WsTestClient::receive(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (true) {
    if (buffer_.size() >= 2) {
      const auto b1 = static_cast<std::uint8_t>(buffer_[1]);
      if (b1 & 0x80) throw std::runtime_error("server sent a masked frame");
      std::size_t header = 2;
      std::uint64_t length = b1 & 0x7F;
      if (length == 126 && buffer_.size() >= 4) {
        length = (static_cast<std::uint8_t>(buffer_[2]) << 8) | static_cast<std::uint8_t>(buffer_[3]);
        header = 4;
      } else if (length == 127 && buffer_.size() >= 10) {
        length = 0;
        for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(buffer_[i]);
        header = 10;
      }
      const bool headerComplete = (b1 & 0x7F) < 126 || header > 2;
      if (headerComplete && buffer_.size() >= header + length) {
        WsFrameIn frame;
        frame.opcode = static_cast<std::uint8_t>(buffer_[0]) & 0x0F;
        frame.payload = buffer_.substr(header, length);
        buffer_.erase(0, header + length);
        return frame;
      }
    }
    if (!fill(until)) return std::nullopt;
  }
}

std::optional<std::string> WsTestClient::receiveText(std::chrono::milliseconds deadline,
                                                     bool skip_heartbeats) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    auto frame = receive(std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now()));
    if (!frame) return std::nullopt;
    if (frame->opcode == 0x9) {
      sendFrame(0xA, frame->payload);
      continue;
    }
    if (frame->opcode == 0x8) throw std::runtime_error(fmt::format("closed with {}", frame->closeCode()));
    if (frame->opcode != 0x1) continue;
    if (skip_heartbeats && frame->payload == R"({"op":3,"d":null})") {
      sendText(R"({"op":4,"d":null})");
      continue;
    }
    return frame->payload;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> WsTestClient::waitForClose(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  try {
    while (std::chrono::steady_clock::now() < until) {
      auto frame = receive(std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now()));
      if (!frame) return std::nullopt;
      if (frame->opcode == 0x8) return frame->closeCode();
    }
  } catch (const std::exception&) {
    return std::nullopt;  // closed without a close frame
  }
  return std::nullopt;
}

bool WsTestClient::connectionClosed(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  try {
    while (std::chrono::steady_clock::now() < until) {
      buffer_.clear();
      fill(until);
    }
  } catch (const std::exception&) {
    return true;
  }
  return false;
}

void WsTestClient::setReceiveBuffer(int bytes) { socket_.setReceiveBufferSize(bytes); }

}  // namespace airbridge::testing
