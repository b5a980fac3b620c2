#include "published_state.hpp"

#include <fmt/format.h>

#include <random>

namespace airbridge::websocket {
namespace {
constexpr std::size_t kRememberedSessions = 100'000;
}

void PublishedState::record(const SharedDispatch& event, Topic topic, SharedFrame frame) {
  std::lock_guard lock(mutex_);
  if (topic == Topic::now_playing) {
    state_.now = event;
  } else {
    state_.program = event;
  }
  state_.sequence = event->sequence;
  if (window_ == 0) {
    evictedUpTo_ = event->sequence;
    return;
  }
  if (recent_.size() == window_) {
    evictedUpTo_ = recent_.front().sequence;
    recent_.pop_front();
  }
  recent_.push_back({event->sequence, topic, std::move(frame)});
}

PublishedState::Snapshot PublishedState::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::optional<std::vector<PublishedFrame>> PublishedState::since(std::uint64_t sequence) const {
  std::lock_guard lock(mutex_);
  if (sequence > state_.sequence || sequence < evictedUpTo_) return std::nullopt;
  std::vector<PublishedFrame> out;
  for (const auto& frame : recent_) {
    if (frame.sequence > sequence) out.push_back(frame);
  }
  return out;
}

std::string PublishedState::newSession() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string id = fmt::format("{:016x}", random());
  std::lock_guard lock(mutex_);
  sessions_.insert(id);
  sessionOrder_.push_back(id);
  if (sessionOrder_.size() > kRememberedSessions) {
    sessions_.erase(sessionOrder_.front());
    sessionOrder_.pop_front();
  }
  return id;
}

bool PublishedState::knows(const std::string& session) const {
  std::lock_guard lock(mutex_);
  return sessions_.contains(session);
}

}  // namespace airbridge::websocket
