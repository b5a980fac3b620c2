#pragma once
// Counts open connections per client address across everything the public port serves (plain
// HTTP, SSE streams, WebSocket clients), so one address cannot take every descriptor. A
// connection holds a ConnectionLease; the count drops when the lease goes (however the
// connection ends, in whichever loop owns it by then).

#include <airbridge/http_exchange.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace airbridge::core {

class ClientAddressLimit : public std::enable_shared_from_this<ClientAddressLimit> {
 public:
  /// `max_per_address` 0: no limit (connections are still counted).
  explicit ClientAddressLimit(int max_per_address) : max_(max_per_address) {}

  /// A lease for one more connection from `ip`, or nullopt when it is at the limit.
  std::optional<ConnectionLease> acquire(const std::string& ip);
  int max() const { return max_; }

 private:
  void release(const std::string& ip);

  const int max_;
  std::mutex mutex_;
  std::unordered_map<std::string, int> open_;
};

}  // namespace airbridge::core
