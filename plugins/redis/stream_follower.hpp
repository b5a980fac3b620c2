#pragma once
// Feeds what other nodes admitted into this node's bus: a blocking XREAD loop over the shared
// stream, on its own connection. After every (re)connect it reads the stream from its start, so
// an outage, a restart or a Redis that lost its data all end caught up; what this node already
// has is recognised by each origin's mark and skipped.

#include "link_health.hpp"
#include "redis_config.hpp"
#include "redis_link.hpp"
#include "stream_entry.hpp"

#include <airbridge/plugin_context.hpp>

#include <map>
#include <thread>

namespace airbridge::redis {

class StreamFollower {
 public:
  StreamFollower(const RedisBridgeConfig& config, PluginContext& context, LinkHealth& health);
  ~StreamFollower() { stop(); }

  /// Learns from the event store what this node already has, then starts reading.
  void start();
  void stop() noexcept;

 private:
  void run(std::stop_token stop);
  /// One XREAD of up to a batch of entries past lastId_, each applied in stream order.
  void readOnce();
  void apply(const StreamEntry& entry);

  const RedisBridgeConfig& config_;
  PluginContext& context_;
  LinkHealth& health_;
  const std::string self_;
  Counter& received_;
  Counter& duplicates_;
  Counter& malformed_;
  RedisLink link_;
  std::string lastId_;
  std::map<std::string, EventMark> applied_;  ///< per other origin: the newest event we have
  std::chrono::system_clock::time_point startedAt_;
  std::jthread thread_;
};

}  // namespace airbridge::redis
