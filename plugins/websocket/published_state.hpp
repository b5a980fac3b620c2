#pragma once
// What this sink instance has published (after its delay and filters): the state a new client
// is greeted with, the recent frames a resuming client missed, and the sessions it handed out.
// Written by the sink's worker, read by event-loop threads.

#include "ws_frame.hpp"

#include <airbridge/track_event.hpp>

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace airbridge::websocket {

enum class Topic : std::uint8_t { now_playing = 1, program = 2 };

struct PublishedFrame {
  std::uint64_t sequence;
  Topic topic;
  SharedFrame frame;
};

class PublishedState {
 public:
  explicit PublishedState(std::size_t resume_window) : window_(resume_window) {}

  void record(const SharedDispatch& event, Topic topic, SharedFrame frame);

  struct Snapshot {
    SharedDispatch now;      ///< latest published track, or null
    SharedDispatch program;  ///< latest published program change, or null
    std::uint64_t sequence = 0;  ///< of the latest published event
  };
  Snapshot snapshot() const;

  /// Frames published after `sequence`, oldest first; nullopt when some have left the window
  /// or `sequence` is not one this sink could have sent.
  std::optional<std::vector<PublishedFrame>> since(std::uint64_t sequence) const;

  /// A new random session id, remembered (bounded) so a resume can name it.
  std::string newSession();
  bool knows(const std::string& session) const;

 private:
  const std::size_t window_;
  mutable std::mutex mutex_;
  Snapshot state_;
  std::deque<PublishedFrame> recent_;
  std::uint64_t evictedUpTo_ = 0;  // sequences at or below this are gone
  std::unordered_set<std::string> sessions_;
  std::deque<std::string> sessionOrder_;
};

}  // namespace airbridge::websocket
