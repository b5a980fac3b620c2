#include "redis_config.hpp"

namespace airbridge::redis {

const ConfigKeys<RedisBridgeConfig>& RedisBridgeConfig::keys() {
  using C = RedisBridgeConfig;
  static const auto keys = ConfigKeys<C>()
      .key("address", &C::address, "the Redis server")
      .key("password", &C::password, "sent with AUTH (none: no AUTH)")
      .key("database", &C::database, between(0, 15), "selected with SELECT")
      .key("key", &C::key, "prefix of the keys: KEY:events (the stream) and KEY:origins")
      .key("stream_length", &C::stream_length, between<std::int64_t>(10, 1'000'000),
           "entries the stream keeps (approximately)")
      .key("connect_timeout", &C::connect_timeout, between(Duration{10}, Duration{std::chrono::minutes{5}}),
           "for each connection attempt and each reply")
      .key("reconnect_min", &C::reconnect_min, between(Duration{10}, Duration{std::chrono::hours{1}}),
           "first wait after a lost connection, doubled up to reconnect_max")
      .key("reconnect_max", &C::reconnect_max, between(Duration{10}, Duration{std::chrono::hours{1}}),
           "longest wait between attempts")
      .key("max_sequence_gap", &C::max_sequence_gap, between<std::int64_t>(1, 1'000'000'000),
           "an entry this far ahead of this node's sequence is refused")
      .key("max_clock_skew", &C::max_clock_skew, between(Duration{1000}, Duration{std::chrono::hours{24}}),
           "an entry admitted this far in this node's future is refused")
      .check([](const ConfigSection& section, C& config) {
        if (config.address.port() == 0) section.fail("address", "needs a port (Redis listens on 6379)");
        if (config.key.empty()) section.fail("key", "must not be empty");
        if (config.reconnect_max < config.reconnect_min) {
          section.fail("reconnect_max", "must not be less than reconnect_min");
        }
      });
  return keys;
}

}  // namespace airbridge::redis
