#pragma once
/// For Plugin::reconfigure: did only keys this instance can take in place change? The first
/// that it cannot take is named in the instance's log, so the engineer learns why SIGHUP
/// restarted it.
///
///   bool reconfigure(const ConfigSection& section, const std::vector<std::string>& changed) override {
///     if (!onlyInPlaceKeys(context_.log(), changed, {"delay", "kinds", "filters", "next"})) return false;
///     WebsocketConfig next = WebsocketConfig::keys().parse(section);
///     ...apply what changed...
///     return true;
///   }

#include <airbridge/logger.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace airbridge {

inline bool onlyInPlaceKeys(const Logger& log, const std::vector<std::string>& changed,
                            const std::vector<std::string_view>& in_place) {
  for (const auto& key : changed) {
    if (std::find(in_place.begin(), in_place.end(), key) == in_place.end()) {
      log.info("SIGHUP: {} changed, which a running instance cannot take in place: restarting it", key);
      return false;
    }
  }
  return true;
}

/// The keys every sink takes in place (SinkEventOptions), with `more` of the plugin's own.
inline std::vector<std::string_view> sinkOptionKeysAnd(std::vector<std::string_view> more) {
  more.insert(more.end(), {"delay", "kinds", "filters", "next"});
  return more;
}

}  // namespace airbridge
