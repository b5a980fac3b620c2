#pragma once
// Counts open connections per client address across everything the public port serves (plain
// HTTP, SSE streams, WebSocket clients), so one address cannot take every descriptor. A
// connection holds a ConnectionLease on its address's slot; the count drops when the lease goes
// (however the connection ends, in whichever loop owns it by then).
//
// Leases point into this object: it must outlive them. The host destroys the plugin instances
// (whose loops hold the leases of taken connections) before its HTTP listeners, which own it.

#include <airbridge/http_exchange.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace airbridge::core {

class ClientAddressLimit {
 public:
  /// `max_per_address` 0: no limit (connections are still counted).
  explicit ClientAddressLimit(int max_per_address) : max_(max_per_address) {}
  ClientAddressLimit(const ClientAddressLimit&) = delete;
  ClientAddressLimit& operator=(const ClientAddressLimit&) = delete;

  /// A lease for one more connection from `ip`, or nullopt when it is at the limit.
  std::optional<ConnectionLease> acquire(const std::string& ip);
  int max() const { return max_; }

 private:
  /// One per address with open connections; removed with its last lease.
  struct Slot final : ConnectionLease::Holder {
    Slot(ClientAddressLimit& owner_, std::string ip_) : owner(owner_), ip(std::move(ip_)) {}
    void release() noexcept override { owner.release(*this); }
    ClientAddressLimit& owner;
    std::string ip;
    int open = 0;
  };
  void release(Slot& slot) noexcept;

  const int max_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Slot>> slots_;
};

}  // namespace airbridge::core
