#include <airbridge/outbound_queue.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace airbridge {
namespace {
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;

bool wouldBlock() { return errno == EAGAIN || errno == EWOULDBLOCK; }
}  // namespace

OutboundQueue::Result OutboundQueue::send(int fd, Frame frame) {
  if (empty()) {
    const ssize_t n = ::send(fd, frame->data(), frame->size(), kSendFlags);
    if (n == static_cast<ssize_t>(frame->size())) {
      progressed_ = true;
      return Result::drained;
    }
    if (n < 0 && !wouldBlock()) return Result::failed;
    compact();
    offset_ = n > 0 ? static_cast<std::size_t>(n) : 0;
    progressed_ = progressed_ || n > 0;
    queued_ = frame->size() - offset_;
    frames_.push_back(std::move(frame));
    return Result::blocked;
  }
  queued_ += frame->size();
  frames_.push_back(std::move(frame));
  return Result::blocked;
}

OutboundQueue::Result OutboundQueue::flush(int fd) {
  while (head_ < frames_.size()) {
    const std::string& frame = *frames_[head_];
    const ssize_t n = ::send(fd, frame.data() + offset_, frame.size() - offset_, kSendFlags);
    if (n < 0) return wouldBlock() ? Result::blocked : Result::failed;
    progressed_ = true;
    offset_ += static_cast<std::size_t>(n);
    queued_ -= static_cast<std::size_t>(n);
    if (offset_ < frame.size()) return Result::blocked;
    offset_ = 0;
    frames_[head_++].reset();
  }
  compact();
  return Result::drained;
}

void OutboundQueue::dropUnstarted() {
  const std::size_t keep = offset_ > 0 ? head_ + 1 : head_;
  for (std::size_t i = keep; i < frames_.size(); ++i) queued_ -= frames_[i]->size();
  frames_.resize(std::max(keep, head_));
  if (empty()) compact();
}

void OutboundQueue::compact() {
  if (!empty()) return;
  frames_.clear();
  frames_.shrink_to_fit();  // an idle client keeps no buffer
  head_ = 0;
  offset_ = 0;
}

}  // namespace airbridge
