#pragma once
// Session ids handed out in READY, remembered (bounded) so that a resume can name one. Shared by
// all event loops of one sink.

#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>

namespace airbridge::websocket {

class SessionRegistry {
 public:
  /// A new random 16-hex-digit id, remembered.
  std::string create();
  bool knows(const std::string& session) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::string> sessions_;
  std::deque<std::string> order_;  // oldest first, for eviction
};

}  // namespace airbridge::websocket
