#pragma once
// Internal to the SDK and the host: the plumbing of every epoll loop (the fan-out loops, the
// front door): an epoll set, an eventfd that other threads ring to wake the loop, and the
// commands they leave for it. Other threads only post(); the loop thread waits on epoll() and
// take()s the commands when the wake-up fd fires (its epoll_event carries a null data.ptr, so
// loops can use data.ptr for their clients).

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace airbridge {

template <typename Command>
class LoopMailbox {
 public:
  LoopMailbox() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("epoll/eventfd unavailable");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = nullptr;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  }
  ~LoopMailbox() {
    ::close(epoll_);
    ::close(wake_);
  }
  LoopMailbox(const LoopMailbox&) = delete;
  LoopMailbox& operator=(const LoopMailbox&) = delete;

  int epoll() const { return epoll_; }
  static bool isWakeup(const epoll_event& event) { return event.data.ptr == nullptr; }

  /// From any thread.
  void post(Command command) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      first = commands_.empty();
      commands_.push_back(std::move(command));
    }
    // Only the first command since the last take() rings: take() reads the eventfd before it
    // takes the commands, so later ones are in the batch that ring announced (a burst of 10,000
    // handshakes costs one wake-up, not 10,000 writes).
    if (first) ring();
  }
  /// Wakes the loop without a command (to make it look at a stop flag).
  void ring() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto ignored = ::write(wake_, &one, sizeof one);
  }
  /// On the loop thread, when the wake-up fd fired: every command posted so far.
  std::vector<Command> take() {
    std::uint64_t drained = 0;
    [[maybe_unused]] auto ignored = ::read(wake_, &drained, sizeof drained);
    std::vector<Command> commands;
    std::lock_guard lock(mutex_);
    commands.swap(commands_);
    return commands;
  }

 private:
  int epoll_ = -1;
  int wake_ = -1;
  std::mutex mutex_;
  std::vector<Command> commands_;
};

}  // namespace airbridge
