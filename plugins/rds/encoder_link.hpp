#pragma once
// The way to the encoder: a TCP connection kept open between updates (reconnected when it
// fails or when the encoder closed it) or UDP, one datagram per command. Used only from the
// output's delivery thread. Whatever the encoder sends back is read and dropped, a little at a
// time, so a chatty or hostile peer can neither fill our buffers nor stall us.

#include <airbridge/duration.hpp>
#include <airbridge/socket_address.hpp>

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airbridge::rds {

class EncoderLink {
 public:
  virtual ~EncoderLink() = default;
  /// Each line followed by CR; nullopt when sent, else why not and what to check.
  virtual std::optional<std::string> send(const std::vector<std::string>& lines) = 0;
  virtual void close() noexcept = 0;
};

class TcpEncoderLink final : public EncoderLink {
 public:
  TcpEncoderLink(SocketAddress address, Duration timeout) : address_(std::move(address)), timeout_(timeout) {}
  std::optional<std::string> send(const std::vector<std::string>& lines) override;
  void close() noexcept override;

 private:
  /// Drops what the encoder sent; false when it closed the connection.
  bool drainReplies();

  const SocketAddress address_;
  const Duration timeout_;
  std::unique_ptr<Poco::Net::StreamSocket> socket_;
};

class UdpEncoderLink final : public EncoderLink {
 public:
  explicit UdpEncoderLink(SocketAddress address) : address_(std::move(address)) {}
  std::optional<std::string> send(const std::vector<std::string>& lines) override;
  void close() noexcept override {}

 private:
  const SocketAddress address_;
  std::unique_ptr<Poco::Net::DatagramSocket> socket_;
};

}  // namespace airbridge::rds
