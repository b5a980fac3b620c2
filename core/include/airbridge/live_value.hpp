#pragma once
/// A value a running plugin reads on its hot path and SIGHUP may replace (Plugin::reconfigure):
/// readers take a snapshot that stays whole for as long as they hold it, so nobody ever sees
/// half of an old and half of a new setting.
///
///   LiveValue<TrackText> text_;
///   ...  const auto text = text_.get();  text->render(track, fields);   // worker thread
///   ...  text_.set(TrackText(...));                                      // reconfigure()

#include <memory>
#include <mutex>
#include <utility>

namespace airbridge {

template <typename T>
class LiveValue {
 public:
  explicit LiveValue(T value) : value_(std::make_shared<const T>(std::move(value))) {}
  /// For a T that is built, not moved (const members, a template compiled once).
  template <typename... Args>
  explicit LiveValue(std::in_place_t, Args&&... args) : value_(std::make_shared<const T>(std::forward<Args>(args)...)) {}

  std::shared_ptr<const T> get() const {
    std::lock_guard lock(mutex_);
    return value_;
  }

  void set(T value) { emplace(std::move(value)); }

  /// Builds the new value from `args`, then swaps it in; the old one goes when its last
  /// reader lets go of it.
  template <typename... Args>
  void emplace(Args&&... args) {
    auto next = std::make_shared<const T>(std::forward<Args>(args)...);
    std::lock_guard lock(mutex_);
    value_.swap(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const T> value_;
};

}  // namespace airbridge
