#pragma once
/// The wait between reconnect attempts that every outgoing link uses (Zetta connect mode, Redis,
/// the outputs to come): doubles from `min` to `max`, back to `min` once a link works.

#include <airbridge/duration.hpp>

#include <algorithm>

namespace airbridge {

class Backoff {
 public:
  Backoff(Duration min, Duration max) : min_(min), max_(max), next_(min) {}
  /// The wait before this attempt; the one after it is twice as long, up to `max`.
  Duration next() {
    const Duration wait = next_;
    next_ = std::min(max_, next_ * 2);
    return wait;
  }
  void reset() { next_ = min_; }

 private:
  Duration min_;
  Duration max_;
  Duration next_;
};

}  // namespace airbridge
