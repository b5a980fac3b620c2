#include "bus/sink_mailbox.hpp"

namespace airbridge::core {

bool SinkMailbox::post(SharedDispatch event) {
  bool dropped = false;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
      queue_.pop_front();
      ++dropped_;
      dropped = true;
    }
    queue_.push_back(std::move(event));
  }
  ready_.notify_one();
  return dropped;
}

std::optional<SharedDispatch> SinkMailbox::next(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (!ready_.wait(lock, stop, [this] { return !queue_.empty(); })) return std::nullopt;
  SharedDispatch event = std::move(queue_.front());
  queue_.pop_front();
  return event;
}

std::uint64_t SinkMailbox::takeDropped() {
  std::lock_guard lock(mutex_);
  return std::exchange(dropped_, 0);
}

}  // namespace airbridge::core
