#pragma once
// One sink's bounded queue. The bus posts without ever waiting; the sink's worker takes events at
// its own pace. When full, the oldest event is dropped and counted: for now-playing the newest
// matters most.

#include <airbridge/track_event.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <stop_token>
#include <utility>

namespace airbridge::core {

class SinkMailbox {
 public:
  explicit SinkMailbox(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  /// Never blocks on the sink. Returns true when an older event had to be dropped.
  bool post(SharedDispatch event);
  /// For the worker only. Waits for an event; after a stop request it still hands out what is
  /// queued (the drain), and returns nullopt once stopped and empty.
  std::optional<SharedDispatch> next(std::stop_token stop);
  std::uint64_t takeDropped();
  std::size_t capacity() const { return capacity_; }

 private:
  std::mutex mutex_;
  std::condition_variable_any ready_;
  std::deque<SharedDispatch> queue_;
  const std::size_t capacity_;
  std::uint64_t dropped_ = 0;
};

}  // namespace airbridge::core
