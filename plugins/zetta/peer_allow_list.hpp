#pragma once
// The `allow:` list: addresses and CIDR networks that may feed a source. Empty means everyone.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge::zetta {

class PeerAllowList {
 public:
  /// "10.0.0.0/8", "192.168.1.20", "::1", "fd00::/8". nullopt with `why` when not one of those.
  bool add(std::string_view entry, std::string& why);
  /// True when the list is empty or `address` (textual IPv4/IPv6, IPv4-mapped IPv6 included)
  /// falls in one of its networks.
  bool allows(std::string_view address) const;
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

}  // namespace airbridge::zetta
