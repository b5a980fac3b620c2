#pragma once
// Listen mode: Zetta connects and keeps the connection open; several Zetta machines may be
// connected at once. A thread per connection is right here: there are a handful at most.
// When max_connections are open, a new connection is never refused: the one least likely to
// be a working Zetta (never sent a usable document, then silent longest) is closed to make room,
// so a real Zetta reconnecting after a network blip always gets in, however many idle sockets
// someone else holds open.

#include "zetta_config.hpp"
#include "zetta_intake.hpp"
#include "zetta_stream_reader.hpp"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace airbridge::zetta {

class ZettaTcpListener {
 public:
  ZettaTcpListener(const ZettaConfig& config, ZettaIntake& intake, const Logger& log,
                   Metrics& metrics, const std::string& source);
  ~ZettaTcpListener();

  void start();  ///< binds; throws with the address on failure
  void stop() noexcept;

  /// Runs on a connection's thread until the connection ends.
  void serve(Poco::Net::StreamSocket& socket, const std::string& host, const std::string& peer);

 private:
  struct Link {
    std::string peer;
    int fd = -1;
    LinkActivity activity;
    bool evicted = false;  ///< under linksMutex_
  };

  bool allowed(const std::string& host, const std::string& peer);
  /// Registers the link, first closing another when max_connections are open.
  std::shared_ptr<Link> enter(int fd, const std::string& peer);
  /// Unregisters the link; true when it was closed to make room (and so already reported).
  bool leave(const std::shared_ptr<Link>& link);

  const ZettaConfig& config_;
  ZettaIntake& intake_;
  const Logger& log_;
  Counter& accepted_;
  Counter& refused_;
  Counter& evicted_;
  std::mutex linksMutex_;
  std::vector<std::shared_ptr<Link>> links_;  ///< open links, evicted ones until they end
  std::int64_t lastEvictionLogMs_ = -1'000'000;  ///< under linksMutex_, steady ms
  int evictionsUnlogged_ = 0;                    ///< under linksMutex_
  std::atomic<bool> stopping_{false};
  std::mutex refusedMutex_;
  std::set<std::string> refusedHosts_;  // each refused address is logged once
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace airbridge::zetta
