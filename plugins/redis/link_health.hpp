#pragma once
// Whether Redis answers, as both of the bridge's connections see it: said once when it stops
// answering and once when it answers again, never once per retry. And the reconnect loop with
// backoff that both connections run.

#include "redis_link.hpp"

#include <airbridge/backoff.hpp>
#include <airbridge/duration.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <stop_token>

namespace airbridge::redis {

class LinkHealth {
 public:
  /// The bridge's two connections; Redis counts as working only while both do.
  enum class Connection { publisher = 0, follower = 1 };

  LinkHealth(const Logger& log, Metrics& metrics, std::string address);

  /// A command on `connection` worked (again).
  void up(Connection connection);
  /// A connection or command failed; `why` is logged only for the first failure of an outage.
  void down(Connection connection, std::string_view why);

 private:
  enum class State { unknown, up, down };

  const Logger& log_;
  const std::string address_;
  Gauge& connected_;
  Counter& outages_;
  std::mutex mutex_;
  State state_ = State::unknown;
  bool working_[2] = {false, false};
  std::chrono::steady_clock::time_point downSince_{};
};

/// Sleeps for `duration` or until `stop` is requested, whichever comes first.
inline void sleepUnlessStopped(std::stop_token stop, Duration duration) {
  std::mutex mutex;
  std::condition_variable_any sleeper;
  std::unique_lock lock(mutex);
  sleeper.wait_for(lock, stop, duration, [] { return false; });
}

/// The loop of each of the bridge's threads (`which`): until `stop`, connect with `connect` whenever the
/// link is down, then run `step` (which may block). Any failure closes the link, is reported to
/// `health` and waits out the backoff before the next attempt; a step that worked reports the
/// link up.
template <typename Connect, typename Step>
void keepLinked(std::stop_token stop, RedisLink& link, LinkHealth& health,
                LinkHealth::Connection which, const RedisBridgeConfig& config, Connect connect,
                Step step) {
  Backoff backoff(config.reconnect_min, config.reconnect_max);
  while (!stop.stop_requested()) {
    try {
      if (!link.connected()) connect();
      step();
      // Only a command that worked says Redis is back: a Redis that accepts connections but
      // refuses our commands (a key of another type, say) stays one outage, not a flapping one.
      health.up(which);
      backoff.reset();
    } catch (const std::exception& e) {
      link.close();
      health.down(which, e.what());
      sleepUnlessStopped(stop, backoff.next());
    }
  }
}

}  // namespace airbridge::redis
