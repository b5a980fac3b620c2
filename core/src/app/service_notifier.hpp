#pragma once
// Tells systemd (a Type=notify unit) how the service stands: READY once every listener is up,
// WATCHDOG pings while the bus still answers, RELOADING while SIGHUP is applied, STOPPING when shutdown begins. Without systemd
// (no NOTIFY_SOCKET) every call is a no-op.

#include <airbridge/logger.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace airbridge::core {

class ServiceNotifier {
 public:
  explicit ServiceNotifier(const Logger& log) : log_(log) {}
  ~ServiceNotifier() { stopWatchdog(); }

  /// READY=1 with a one-line STATUS (also when a reload is done).
  void ready(const std::string& status);
  /// RELOADING=1 (with MONOTONIC_USEC, as systemd asks): SIGHUP is being applied.
  void reloading();
  /// With WatchdogSec= set: pings at half its period, each after `alive()` returned (it takes
  /// the bus's lock, so a bus that deadlocked stops the pings and systemd restarts airbridge).
  void startWatchdog(std::function<void()> alive);
  /// STOPPING=1; the watchdog stops too (a shutdown must not be mistaken for a hang).
  void stopping();

 private:
  void stopWatchdog();

  const Logger& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread watchdog_;
};

}  // namespace airbridge::core
