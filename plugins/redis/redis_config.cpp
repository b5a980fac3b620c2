#include "redis_config.hpp"

namespace airbridge::redis {

RedisBridgeConfig RedisBridgeConfig::parse(const ConfigSection& section) {
  RedisBridgeConfig config;
  config.address = section.optional<SocketAddress>("address", config.address);
  if (config.address.port() == 0) section.fail("address", "needs a port (Redis listens on 6379)");
  config.password = section.optional<std::string>("password", "");
  config.database = section.optional<int>("database", 0);
  section.requireBetween("database", config.database, 0, 15);
  config.key = section.optional<std::string>("key", config.key);
  if (config.key.empty()) section.fail("key", "must not be empty");
  const auto length = section.optional<std::int64_t>("stream_length", 1000);
  section.requireBetween<std::int64_t>("stream_length", length, 10, 1'000'000);
  config.stream_length = static_cast<std::size_t>(length);
  config.connect_timeout = section.optional<Duration>("connect_timeout", config.connect_timeout);
  section.requireBetween("connect_timeout", config.connect_timeout, Duration{10}, Duration{std::chrono::minutes{5}});
  config.reconnect_min = section.optional<Duration>("reconnect_min", config.reconnect_min);
  config.reconnect_max = section.optional<Duration>("reconnect_max", config.reconnect_max);
  section.requireBetween("reconnect_min", config.reconnect_min, Duration{10}, Duration{std::chrono::hours{1}});
  section.requireBetween("reconnect_max", config.reconnect_max, Duration{10}, Duration{std::chrono::hours{1}});
  if (config.reconnect_max < config.reconnect_min) {
    section.fail("reconnect_max", "must not be less than reconnect_min");
  }
  const auto gap = section.optional<std::int64_t>("max_sequence_gap", 10'000);
  section.requireBetween<std::int64_t>("max_sequence_gap", gap, 1, 1'000'000'000);
  config.max_sequence_gap = static_cast<std::uint64_t>(gap);
  config.max_clock_skew = section.optional<Duration>("max_clock_skew", config.max_clock_skew);
  section.requireBetween("max_clock_skew", config.max_clock_skew, Duration{1000}, Duration{std::chrono::hours{24}});
  return config;
}

}  // namespace airbridge::redis
