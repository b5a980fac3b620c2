#include "bus/dedupe_window.hpp"

namespace airbridge::core {

bool DedupeWindow::admit(const std::string& key, Clock::time_point now) {
  evict(now);
  if (seen_.contains(key)) return false;
  if (capacity_ == 0) return true;
  if (seen_.size() >= capacity_) {
    seen_.erase(order_.front().second);
    order_.pop_front();
  }
  seen_.emplace(key, now);
  order_.emplace_back(now, key);
  return true;
}

void DedupeWindow::evict(Clock::time_point now) {
  while (!order_.empty() && now - order_.front().first >= window_) {
    seen_.erase(order_.front().second);
    order_.pop_front();
  }
}

}  // namespace airbridge::core
