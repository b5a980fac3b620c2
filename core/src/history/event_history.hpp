#pragma once
// The last `capacity` admitted events, for /v1/history and for replaying what a resuming client
// missed. Not thread-safe: the bus calls it under its own lock.

#include <airbridge/track_event.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace airbridge::core {

class EventHistory {
 public:
  explicit EventHistory(std::size_t capacity) : capacity_(capacity) {}

  void append(SharedDispatch event);
  /// Track events, newest first, at most `limit`, sequence < `before` when given.
  std::vector<SharedDispatch> tracks(std::size_t limit, std::optional<std::uint64_t> before) const;
  /// Every event after `sequence`, oldest first; nullopt when the ring no longer holds them all.
  std::optional<std::vector<SharedDispatch>> since(std::uint64_t sequence,
                                                   std::uint64_t last_sequence) const;
  /// The last `limit` events, oldest first.
  std::vector<SharedDispatch> recent(std::size_t limit) const;
  std::size_t size() const { return events_.size(); }

 private:
  std::size_t capacity_;
  std::deque<SharedDispatch> events_;  // oldest first
};

}  // namespace airbridge::core
