#include "http/client_address_limit.hpp"

namespace airbridge::core {

std::optional<ConnectionLease> ClientAddressLimit::acquire(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto& slot = slots_[ip];
  if (!slot) slot = std::make_unique<Slot>(*this, ip);
  if (max_ > 0 && slot->open >= max_) return std::nullopt;
  ++slot->open;
  return ConnectionLease(slot.get());
}

void ClientAddressLimit::release(Slot& slot) noexcept {
  std::lock_guard lock(mutex_);
  if (--slot.open <= 0) slots_.erase(slot.ip);  // destroys the slot: copy nothing from it after
}

}  // namespace airbridge::core
