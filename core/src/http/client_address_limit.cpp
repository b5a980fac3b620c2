#include "http/client_address_limit.hpp"

namespace airbridge::core {

std::optional<ConnectionLease> ClientAddressLimit::acquire(const std::string& ip) {
  {
    std::lock_guard lock(mutex_);
    int& open = open_[ip];
    if (max_ > 0 && open >= max_) return std::nullopt;
    ++open;
  }
  // The lease keeps the counter alive: a WebSocket loop may outlive the listeners.
  return ConnectionLease([self = shared_from_this(), ip] { self->release(ip); });
}

void ClientAddressLimit::release(const std::string& ip) {
  std::lock_guard lock(mutex_);
  if (auto it = open_.find(ip); it != open_.end() && --it->second <= 0) open_.erase(it);
}

}  // namespace airbridge::core
