#pragma once
// One connection to Redis: connect with AUTH and SELECT, then run commands. Any failure closes
// the connection (a half-read reply leaves it unusable) and throws; the caller reconnects.
//
// Commands and replies are Poco::Redis's RESP types, but the socket is our own: Poco's Client
// cannot set TCP_NODELAY, and without it a command longer than one write buffer (an event of a
// few KiB) waits out the peer's delayed ACK, ~40 ms per event.

#include "redis_config.hpp"

#include <Poco/Net/StreamSocket.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/RedisStream.h>

#include <memory>
#include <string>

namespace airbridge::redis {

class RedisLink {
 public:
  explicit RedisLink(const RedisBridgeConfig& config) : config_(config) {}

  /// Throws std::runtime_error naming what failed. `reply_timeout` bounds every later reply.
  void connect(Duration reply_timeout);
  void close() noexcept;
  bool connected() const { return connected_; }

  /// Runs `command` and returns its reply as T (Poco::Int64, std::string, Poco::Redis::Array or
  /// Poco::Redis::BulkString); throws std::runtime_error on an error reply or a broken link.
  template <typename T>
  T run(const Poco::Redis::Array& command);

 private:
  [[noreturn]] void fail(const std::string& what);

  const RedisBridgeConfig& config_;
  Poco::Net::StreamSocket socket_;
  std::unique_ptr<Poco::Redis::RedisInputStream> replies_;
  bool connected_ = false;
};

}  // namespace airbridge::redis
