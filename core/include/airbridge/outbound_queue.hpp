#pragma once
/// What one client of a fan-out loop (WebSocket, SSE) still has to be sent: shared, encoded-once
/// frames written to a non-blocking socket as fast as it takes them, never blocking the loop. An
/// idle client holds no memory here: a frame the socket takes at once is never stored.

#include <airbridge/sdk_export.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace airbridge {

class AIRBRIDGE_SDK_API OutboundQueue {
 public:
  using Frame = std::shared_ptr<const std::string>;
  enum class Result {
    drained,  ///< everything is written
    blocked,  ///< the socket is full: wait for EPOLLOUT and call flush() again
    failed,   ///< the peer is gone (errno says why); close the socket
  };

  /// Writes `frame` now if nothing is queued before it, and queues whatever the socket refused.
  Result send(int fd, Frame frame);
  /// Writes queued frames until the socket is full or the queue is empty.
  Result flush(int fd);
  /// Drops the frames not yet started. A frame already partly written stays: cutting it would
  /// corrupt the stream (a close frame, say, must follow a whole frame).
  void dropUnstarted();

  bool empty() const { return head_ == frames_.size(); }
  std::size_t queuedBytes() const { return queued_; }
  /// True once when the last send()/flush() wrote at least one byte (for stall detection).
  bool takeProgress() { return std::exchange(progressed_, false); }

 private:
  void compact();

  std::vector<Frame> frames_;  // frames_[head_] is written up to offset_
  std::size_t head_ = 0;
  std::size_t offset_ = 0;
  std::size_t queued_ = 0;
  bool progressed_ = false;
};

}  // namespace airbridge
