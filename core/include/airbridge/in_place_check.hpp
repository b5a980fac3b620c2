#pragma once
/// For Plugin::reconfigure: do the keys a running instance cannot change in place still hold
/// their running values? The first that does not is named in the instance's log, so the
/// engineer learns why SIGHUP restarted it.
///
///   bool reconfigure(const ConfigSection& section) override {
///     auto next = WebsocketConfig::keys().parse(section);
///     if (!InPlaceCheck(context_.log()).same("listen", config_.listen, next.listen)
///                                      .same("path", config_.path, next.path)) return false;
///     ...apply the rest...
///     return true;
///   }

#include <airbridge/logger.hpp>

#include <string_view>

namespace airbridge {

class InPlaceCheck {
 public:
  explicit InPlaceCheck(const Logger& log) : log_(log) {}

  template <typename T>
  InPlaceCheck& same(std::string_view key, const T& running, const T& next) {
    if (ok_ && !(running == next)) {
      ok_ = false;
      log_.info("SIGHUP: {} changed, which a running instance cannot take in place: restarting it", key);
    }
    return *this;
  }

  explicit operator bool() const { return ok_; }

 private:
  const Logger& log_;
  bool ok_ = true;
};

}  // namespace airbridge
