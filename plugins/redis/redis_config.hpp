#pragma once
// The redis bridge's YAML section (documented key by key in README.md).

#include <airbridge/config_keys.hpp>

#include <string>

namespace airbridge::redis {

struct RedisBridgeConfig {
  SocketAddress address{"127.0.0.1", 6379};
  std::string password;  ///< empty: no AUTH
  int database = 0;
  /// Prefix of the keys: `<key>:events` (the stream) and `<key>:origins` (what each node shared).
  std::string key = "airbridge";
  std::size_t stream_length = 1000;  ///< entries the stream keeps (approximately, MAXLEN ~)
  Duration connect_timeout = std::chrono::seconds{2};
  Duration reconnect_min = std::chrono::milliseconds{250};
  Duration reconnect_max = std::chrono::seconds{10};
  /// An entry whose sequence is more than this ahead of both this node's and the stream's oldest
  /// entry's is refused: adopting it would leave live clients waiting for numbers never sent.
  std::uint64_t max_sequence_gap = 10'000;
  /// An entry admitted further than this in the future of this node's clock is refused: its
  /// origin's real events would look older and be dropped.
  Duration max_clock_skew = std::chrono::minutes{5};

  std::string streamKey() const { return key + ":events"; }
  std::string originsKey() const { return key + ":origins"; }

  static const ConfigKeys<RedisBridgeConfig>& keys();
};

}  // namespace airbridge::redis
