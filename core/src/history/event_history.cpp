#include "history/event_history.hpp"

namespace airbridge::core {

void EventHistory::append(SharedDispatch event) {
  if (capacity_ == 0) return;
  if (events_.size() == capacity_) events_.pop_front();
  events_.push_back(std::move(event));
}

std::vector<SharedDispatch> EventHistory::tracks(std::size_t limit,
                                                 std::optional<std::uint64_t> before) const {
  std::vector<SharedDispatch> out;
  for (auto it = events_.rbegin(); it != events_.rend() && out.size() < limit; ++it) {
    if (!(*it)->isTrack()) continue;
    if (before && (*it)->sequence >= *before) continue;
    out.push_back(*it);
  }
  return out;
}

std::vector<SharedDispatch> EventHistory::recent(std::size_t limit) const {
  const std::size_t skip = events_.size() > limit ? events_.size() - limit : 0;
  return {events_.begin() + static_cast<std::ptrdiff_t>(skip), events_.end()};
}

std::optional<std::vector<SharedDispatch>> EventHistory::since(std::uint64_t sequence,
                                                               std::uint64_t last_sequence) const {
  if (sequence > last_sequence) return std::nullopt;  // from the future: another node's or stale
  std::vector<SharedDispatch> out;
  if (sequence == last_sequence) return out;
  if (events_.empty() || events_.front()->sequence > sequence + 1) return std::nullopt;
  for (const auto& event : events_) {
    if (event->sequence > sequence) out.push_back(event);
  }
  return out;
}

}  // namespace airbridge::core
