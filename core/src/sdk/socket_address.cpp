#include <airbridge/socket_address.hpp>

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cctype>
#include <stdexcept>

namespace airbridge {
namespace {

bool isIPv4(const std::string& host) {
  in_addr parsed{};
  return inet_pton(AF_INET, host.c_str(), &parsed) == 1;
}

bool isIPv6(const std::string& host) {
  in6_addr parsed{};
  return inet_pton(AF_INET6, host.c_str(), &parsed) == 1;
}

bool looksLikeIPv4(const std::string& host) {
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
}

bool isDnsName(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t labelLength = 0;
  for (char c : host) {
    if (c == '.') {
      if (labelLength == 0) return false;
      labelLength = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') {
      if (++labelLength > 63) return false;
    } else {
      return false;
    }
  }
  return labelLength > 0;
}

}  // namespace

std::optional<SocketAddress> SocketAddress::tryParse(std::string_view text, std::string& why) {
  std::string host;
  std::string_view portText;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      why = "an IPv6 address is written [addr]:port";
      return std::nullopt;
    }
    host = std::string(text.substr(1, close - 1));
    portText = text.substr(close + 2);
    if (!isIPv6(host)) {
      why = fmt::format("'{}' is not an IPv6 address", host);
      return std::nullopt;
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      why = "no port";
      return std::nullopt;
    }
    host = std::string(text.substr(0, colon));
    portText = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      why = "an IPv6 address needs brackets";
      return std::nullopt;
    }
    if (looksLikeIPv4(host) ? !isIPv4(host) : !isDnsName(host)) {
      why = fmt::format("'{}' is not an IP address or host name", host);
      return std::nullopt;
    }
  }
  if (portText.empty() || portText.size() > 5 ||
      portText.find_first_not_of("0123456789") != std::string_view::npos) {
    why = fmt::format("'{}' is not a port number", portText);
    return std::nullopt;
  }
  const int port = std::stoi(std::string(portText));
  if (port > 65535) {
    why = fmt::format("port {} is above 65535", port);
    return std::nullopt;
  }
  return SocketAddress(std::move(host), static_cast<std::uint16_t>(port));
}

SocketAddress SocketAddress::parse(std::string_view text) {
  std::string why;
  auto parsed = tryParse(text, why);
  if (!parsed) throw std::invalid_argument(fmt::format("'{}': {}", text, why));
  return *parsed;
}

bool SocketAddress::isLoopback() const {
  return host_ == "localhost" || host_ == "::1" || host_.starts_with("127.");
}

std::string SocketAddress::toString() const {
  if (host_.find(':') != std::string::npos) return fmt::format("[{}]:{}", host_, port_);
  return fmt::format("{}:{}", host_, port_);
}

}  // namespace airbridge
