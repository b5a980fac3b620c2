#pragma once
// Shares what this node admits: appends each of its own events to the Redis stream, in order,
// exactly once. What to send is read from the event store, not kept in a queue of our own, so
// an outage, a reconnect or a restart (even after kill -9) all end the same way: everything the
// store holds past the node's mark in Redis goes out, oldest first.

#include "link_health.hpp"
#include "redis_config.hpp"
#include "redis_link.hpp"
#include "stream_entry.hpp"

#include <airbridge/event_store.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace airbridge::redis {

class StreamPublisher {
 public:
  StreamPublisher(const RedisBridgeConfig& config, const EventStore& store, std::string origin,
                  LinkHealth& health, const Logger& log, Metrics& metrics);
  ~StreamPublisher() { stop(); }

  void start();
  void stop() noexcept;
  /// This node admitted an event: send it (from the publisher's own thread).
  void wake();

 private:
  void run(std::stop_token stop);
  /// Connects and reads this node's mark from the origins hash.
  void connect();
  /// Sends every own event of the store past `shared_`. Throws when the link fails.
  void sendPending();

  const RedisBridgeConfig& config_;
  const EventStore& store_;
  const std::string origin_;
  LinkHealth& health_;
  const Logger& log_;
  Counter& sent_;
  RedisLink link_;
  EventMark shared_;  ///< the newest own event the stream has (Redis knows it; we cache it)
  std::mutex mutex_;
  std::condition_variable_any wakeup_;
  bool pending_ = true;
  std::jthread thread_;
};

}  // namespace airbridge::redis
