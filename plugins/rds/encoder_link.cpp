#include "encoder_link.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <fmt/format.h>

namespace airbridge::rds {
namespace {
// Replies read before each update; an encoder answers a few bytes ("OK") per command.
constexpr int kMostReplyBytes = 64 * 1024;

Poco::Timespan timespanOf(Duration duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

Poco::Net::SocketAddress pocoAddress(const SocketAddress& address) {
  return Poco::Net::SocketAddress(address.host(), address.port());
}
}  // namespace

bool TcpEncoderLink::drainReplies() {
  char buffer[4096];
  int read = 0;
  while (read < kMostReplyBytes && socket_->poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
    const int n = socket_->receiveBytes(buffer, sizeof buffer);
    if (n <= 0) return false;  // the encoder closed the connection
    read += n;
  }
  return true;
}

std::optional<std::string> TcpEncoderLink::send(const std::vector<std::string>& lines) {
  std::string bytes;
  for (const auto& line : lines) bytes += line + '\r';
  try {
    if (socket_ && !drainReplies()) close();  // closed since the last update: connect again
    if (!socket_) {
      auto socket = std::make_unique<Poco::Net::StreamSocket>();
      socket->connect(pocoAddress(address_), timespanOf(timeout_));
      socket->setSendTimeout(timespanOf(timeout_));
      socket->setNoDelay(true);
      socket_ = std::move(socket);
    }
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const int n = socket_->sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
      if (n <= 0) throw Poco::Net::NetException("the encoder stopped taking bytes");
      sent += static_cast<std::size_t>(n);
    }
    return std::nullopt;
  } catch (const Poco::Exception& e) {
    close();
    return fmt::format("the RDS encoder at {} ({}); check connect: and that the encoder's TCP "
                       "port is enabled and free", address_.toString(), e.displayText());
  }
}

void TcpEncoderLink::close() noexcept {
  if (!socket_) return;
  try {
    socket_->close();
  } catch (...) {
  }
  socket_.reset();
}

std::optional<std::string> UdpEncoderLink::send(const std::vector<std::string>& lines) {
  try {
    if (!socket_) socket_ = std::make_unique<Poco::Net::DatagramSocket>(pocoAddress(address_).family());
    for (const auto& line : lines) {
      const std::string datagram = line + '\r';
      socket_->sendTo(datagram.data(), static_cast<int>(datagram.size()), pocoAddress(address_));
    }
    return std::nullopt;
  } catch (const Poco::Exception& e) {
    socket_.reset();
    return fmt::format("the RDS encoder at udp {} ({}); check udp:", address_.toString(), e.displayText());
  }
}

}  // namespace airbridge::rds
