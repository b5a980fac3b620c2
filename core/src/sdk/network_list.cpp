#include <airbridge/network_list.hpp>

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cstring>

namespace airbridge {

bool NetworkList::parseAddress(std::string_view text, bool& v6,
                                 std::array<std::uint8_t, 16>& out) {
  const std::string address(text);
  out.fill(0);
  if (inet_pton(AF_INET, address.c_str(), out.data()) == 1) {
    v6 = false;
    return true;
  }
  if (inet_pton(AF_INET6, address.c_str(), out.data()) == 1) {
    // ::ffff:a.b.c.d is an IPv4 peer on a dual-stack socket: compare it as IPv4.
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(out.data(), kMapped, 12) == 0) {
      std::memmove(out.data(), out.data() + 12, 4);
      std::memset(out.data() + 4, 0, 12);
      v6 = false;
    } else {
      v6 = true;
    }
    return true;
  }
  return false;
}

bool NetworkList::add(std::string_view entry, std::string& why) {
  Network network;
  std::string_view address = entry;
  const auto slash = entry.find('/');
  if (slash != std::string_view::npos) address = entry.substr(0, slash);
  if (!parseAddress(address, network.v6, network.bytes)) {
    why = fmt::format("'{}' is not an IPv4 or IPv6 address", address);
    return false;
  }
  const int maxPrefix = network.v6 ? 128 : 32;
  network.prefix = maxPrefix;
  if (slash != std::string_view::npos) {
    const std::string_view bits = entry.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(bits)) > maxPrefix) {
      why = fmt::format("'/{}' is not a prefix length (0..{})", bits, maxPrefix);
      return false;
    }
    network.prefix = std::stoi(std::string(bits));
  }
  networks_.push_back(network);
  return true;
}

bool NetworkList::contains(std::string_view address) const {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  if (!parseAddress(address, v6, bytes)) return false;
  for (const auto& network : networks_) {
    if (network.v6 != v6) continue;
    const int whole = network.prefix / 8;
    const int rest = network.prefix % 8;
    if (std::memcmp(bytes.data(), network.bytes.data(), static_cast<std::size_t>(whole)) != 0) continue;
    if (rest) {
      const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
      if ((bytes[whole] & mask) != (network.bytes[whole] & mask)) continue;
    }
    return true;
  }
  return false;
}

}  // namespace airbridge
