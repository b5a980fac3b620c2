#pragma once
/// A "host:port" listen or connect address as written in the YAML ("0.0.0.0:1234", "[::1]:8080").

#include <airbridge/sdk_export.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace airbridge {

class AIRBRIDGE_SDK_API SocketAddress {
 public:
  SocketAddress() = default;
  SocketAddress(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port) {}

  /// nullopt with `why` filled when `text` is not host:port with a port in 0..65535 and a host
  /// that is an IPv4/IPv6 literal or a plausible DNS name.
  static std::optional<SocketAddress> tryParse(std::string_view text, std::string& why);
  /// Throws std::invalid_argument with the reason.
  static SocketAddress parse(std::string_view text);

  const std::string& host() const { return host_; }
  std::uint16_t port() const { return port_; }
  /// "host:port", brackets around IPv6 hosts.
  std::string toString() const;
  /// Whether only this machine can reach the address (127.0.0.0/8, ::1, localhost): an input
  /// listening anywhere else is open to whoever reaches the network.
  bool isLoopback() const;

  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;

 private:
  std::string host_;
  std::uint16_t port_ = 0;
};

}  // namespace airbridge
