#pragma once
/// What one sink has published (after its own delay and filters), kept so that a client who
/// connects is greeted with the state that sink shows, and a client who reconnects can be sent
/// exactly what it missed. `Frame` is the sink's encoding of an event (a WebSocket frame, an SSE
/// chunk). Written by the sink's worker, read by its I/O threads.

#include <airbridge/track_event.hpp>

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace airbridge {

template <typename Frame>
class PublishedLog {
 public:
  struct Entry {
    std::uint64_t sequence;
    bool is_track;  ///< TRACK_CHANGED, else PROGRAM_CHANGED
    Frame frame;
  };
  struct Snapshot {
    SharedDispatch now;          ///< latest published track, or null
    SharedDispatch program;      ///< latest published program change, or null
    std::uint64_t sequence = 0;  ///< of the latest published event
  };

  /// Keeps the last `window` entries for since().
  explicit PublishedLog(std::size_t window) : window_(window) {}

  void record(const SharedDispatch& event, Frame frame) {
    std::lock_guard lock(mutex_);
    (event->isTrack() ? state_.now : state_.program) = event;
    state_.sequence = event->sequence;
    if (window_ == 0) {
      evictedUpTo_ = event->sequence;
      return;
    }
    if (entries_.size() == window_) {
      evictedUpTo_ = entries_.front().sequence;
      entries_.pop_front();
    }
    entries_.push_back({event->sequence, event->isTrack(), std::move(frame)});
  }

  Snapshot snapshot() const {
    std::lock_guard lock(mutex_);
    return state_;
  }

  /// Entries published after `sequence`, oldest first; nullopt when some have left the window
  /// or `sequence` is not one this sink could have sent (from the future, or another node).
  std::optional<std::vector<Entry>> since(std::uint64_t sequence) const {
    std::lock_guard lock(mutex_);
    if (sequence > state_.sequence || sequence < evictedUpTo_) return std::nullopt;
    std::vector<Entry> out;
    for (const auto& entry : entries_) {
      if (entry.sequence > sequence) out.push_back(entry);
    }
    return out;
  }

 private:
  const std::size_t window_;
  mutable std::mutex mutex_;
  Snapshot state_;
  std::deque<Entry> entries_;
  std::uint64_t evictedUpTo_ = 0;  // sequences at or below this cannot be replayed
};

}  // namespace airbridge
