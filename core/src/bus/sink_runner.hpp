#pragma once
// Runs one sink: its own bounded mailbox and its own worker thread, so a slow, stuck or throwing
// sink never delays the bus or any other sink. Drops are counted and reported at most once a
// minute, naming the setting to raise.

#include "bus/sink_mailbox.hpp"

#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/plugin.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace airbridge::core {

class SinkRunner {
 public:
  SinkRunner(std::string name, EventConsumer& sink, std::size_t queue_size, const Logger& log,
             Metrics& metrics);
  ~SinkRunner();

  void start();
  /// From the bus, under its lock: never waits on the sink.
  void post(const SharedDispatch& event);
  /// Stops taking new work, lets the worker deliver what is queued, and waits until `deadline`.
  /// False when the worker is still busy (a stuck sink); it is then left behind, detached.
  bool drainUntil(std::chrono::steady_clock::time_point deadline);
  const std::string& name() const { return name_; }
  /// For the admin view: `{"delivered":N,"dropped":N,"failed":N}`.
  std::string statusJson() const;

 private:
  void run(std::stop_token stop);
  void reportDrops(bool force);

  std::string name_;
  EventConsumer& sink_;
  SinkMailbox mailbox_;
  const Logger& log_;
  Counter& delivered_;
  Counter& dropped_;
  Counter& failed_;
  std::chrono::steady_clock::time_point lastDropReport_{};
  std::mutex doneMutex_;
  std::condition_variable doneChanged_;
  bool done_ = false;
  std::jthread worker_;
};

}  // namespace airbridge::core
