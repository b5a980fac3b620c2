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
#include <optional>
#include <set>
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
  /// Why a well-formed entry is not believed (empty when it is), counted by reason.
  std::string implausibility(const StreamEntry& entry);
  /// Logs a skipped entry once, however many times a catch-up from the start reads it again.
  void reportSkipped(const std::string& id, const std::string& why);

  const RedisBridgeConfig& config_;
  PluginContext& context_;
  LinkHealth& health_;
  const std::string self_;
  Counter& received_;
  Counter& duplicates_;
  Counter& malformed_;
  Counter& sequenceGaps_;
  Counter& futureAdmissions_;
  RedisLink link_;
  std::string lastId_;
  std::map<std::string, EventMark> applied_;  ///< per other origin: the newest event we have
  /// The sequence of the first well-formed entry of a catch-up from the stream's start: the
  /// oldest the stream keeps, appended before anything written after it, so a node that was away
  /// for long measures sequence gaps from there rather than from its own.
  std::optional<std::uint64_t> passAnchor_;
  std::set<std::string> reported_;  ///< ids of skipped entries already logged (bounded)
  std::chrono::system_clock::time_point startedAt_;
  std::jthread thread_;
};

}  // namespace airbridge::redis
