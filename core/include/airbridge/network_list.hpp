#pragma once
/// A list of addresses and CIDR networks: a source's `allow:` list, the HTTP listener's
/// `trusted_proxies`.

#include <airbridge/sdk_export.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge {

class AIRBRIDGE_SDK_API NetworkList {
 public:
  /// "10.0.0.0/8", "192.168.1.20", "::1", "fd00::/8". nullopt with `why` when not one of those.
  bool add(std::string_view entry, std::string& why);
  /// True when the list is empty or `address` (textual IPv4/IPv6, IPv4-mapped IPv6 included)
  /// falls in one of its networks.
  bool allows(std::string_view address) const { return empty() || contains(address); }
  /// Whether `address` falls in one of the networks (false when the list is empty).
  bool contains(std::string_view address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
    int prefix = 0;
  };
  static bool parseAddress(std::string_view text, bool& v6, std::array<std::uint8_t, 16>& out);
  std::vector<Network> networks_;
};

}  // namespace airbridge
