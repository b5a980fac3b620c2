#include "link_health.hpp"

namespace airbridge::redis {

LinkHealth::LinkHealth(const Logger& log, Metrics& metrics, std::string address)
    : log_(log),
      address_(std::move(address)),
      connected_(metrics.gauge("airbridge_redis_connected",
                               "1 while the bridge reaches Redis, 0 during an outage")),
      outages_(metrics.counter("airbridge_redis_outages_total",
                               "Times Redis stopped answering (or could not be reached at start)")) {}

void LinkHealth::up(Connection connection) {
  std::lock_guard lock(mutex_);
  working_[static_cast<int>(connection)] = true;
  if (state_ == State::up || !working_[0] || !working_[1]) return;
  if (state_ == State::down) {
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - downSince_);
    log_.info("Redis at {} answers again after {:.1f} s; catching up through the stream", address_,
              seconds.count());
  } else {
    log_.info("connected to Redis at {}", address_);
  }
  state_ = State::up;
  connected_.set(1);
}

void LinkHealth::down(Connection connection, std::string_view why) {
  std::lock_guard lock(mutex_);
  working_[static_cast<int>(connection)] = false;
  if (state_ == State::down) {
    log_.debug("Redis at {} still failing: {}", address_, why);
    return;
  }
  log_.warning("{} Redis at {}: {}; this node keeps serving its own clients and sources and "
               "retries with backoff", state_ == State::up ? "lost" : "cannot use", address_, why);
  state_ = State::down;
  downSince_ = std::chrono::steady_clock::now();
  connected_.set(0);
  outages_.add();
}

}  // namespace airbridge::redis
