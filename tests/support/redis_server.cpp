#include "redis_server.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <signal.h>

#include <stdexcept>

namespace airbridge::testing {
namespace {

int freeLoopbackPort() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}

}  // namespace

RedisServer::RedisServer() {
  // Another test may take the probed port before redis-server binds it: try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = freeLoopbackPort();
    try {
      start();
      return;
    } catch (const std::runtime_error&) {
      if (attempt == 4) throw;
    }
  }
}

RedisServer::~RedisServer() = default;

void RedisServer::start() {
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      "/usr/bin/redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
      "--appendonly", "no", "--dir", dir_.path().string(), "--daemonize", "no"});
  if (!process_->waitForLog("Ready to accept connections")) {
    const std::string log = process_->log();
    process_.reset();
    throw std::runtime_error("redis-server did not start:\n" + log);
  }
}

void RedisServer::stop() {
  if (!process_) return;
  process_->stop(SIGKILL);
  process_.reset();
}

std::string RedisServer::command(const std::vector<std::string>& arguments) const {
  std::vector<std::string> argv{"/usr/bin/redis-cli", "-p", std::to_string(port_)};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto result = runToCompletion(argv, std::chrono::seconds{10});
  if (result.exit_code != 0) throw std::runtime_error("redis-cli failed: " + result.output);
  while (!result.output.empty() && result.output.back() == '\n') result.output.pop_back();
  return result.output;
}

}  // namespace airbridge::testing
