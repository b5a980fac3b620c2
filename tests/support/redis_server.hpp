#pragma once
// A real redis-server for a test, on a free loopback port, keeping nothing on disk. stop() and
// start() again give a Redis that comes back empty on the same port, as after a crash without
// persistence: the harshest outage the redis bridge has to survive.

#include "airbridge_process.hpp"

#include <memory>
#include <string>
#include <vector>

namespace airbridge::testing {

class RedisServer {
 public:
  RedisServer();
  ~RedisServer();

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  void start();
  void stop();
  /// Runs redis-cli against this server; returns its output (trailing newline removed).
  std::string command(const std::vector<std::string>& arguments) const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace airbridge::testing
