#pragma once
// Remembers which events were admitted recently so a resent announcement is dropped. Bounded in
// time (`window`) and in memory (`capacity`, oldest evicted first). Not thread-safe: the bus
// calls it under its own lock.

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

namespace airbridge::core {

class DedupeWindow {
 public:
  using Clock = std::chrono::steady_clock;

  DedupeWindow(std::chrono::milliseconds window, std::size_t capacity)
      : window_(window), capacity_(capacity) {}

  /// True (and remembered) when `key` was not admitted within the window before `now`.
  bool admit(const std::string& key, Clock::time_point now);
  std::size_t size() const { return seen_.size(); }

 private:
  void evict(Clock::time_point now);

  std::chrono::milliseconds window_;
  std::size_t capacity_;
  std::unordered_map<std::string, Clock::time_point> seen_;
  std::deque<std::pair<Clock::time_point, std::string>> order_;  // admission order, oldest first
};

}  // namespace airbridge::core
