#pragma once
// Listen mode: Zetta connects and keeps the connection open; several Zetta machines may be
// connected at once. A thread per connection is right here: there are a handful at most.

#include "zetta_config.hpp"
#include "zetta_intake.hpp"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>

namespace airbridge::zetta {

class ZettaTcpListener {
 public:
  ZettaTcpListener(const ZettaConfig& config, ZettaIntake& intake, const Logger& log,
                   Metrics& metrics, const std::string& source);
  ~ZettaTcpListener();

  void start();  ///< binds; throws with the address on failure
  void stop() noexcept;

  /// Called from connection threads.
  bool admit(const std::string& host, const std::string& peer);
  void release() { active_.fetch_sub(1); }
  void serve(Poco::Net::StreamSocket& socket, const std::string& peer);

 private:
  const ZettaConfig& config_;
  ZettaIntake& intake_;
  const Logger& log_;
  Counter& accepted_;
  Counter& refused_;
  std::atomic<int> active_{0};
  std::atomic<bool> stopping_{false};
  std::mutex refusedMutex_;
  std::set<std::string> refusedHosts_;  // each refused address is logged once
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace airbridge::zetta
