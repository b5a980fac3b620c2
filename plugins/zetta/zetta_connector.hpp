#pragma once
// Connect mode: airbridge dials Zetta (or a relay) and keeps the link up, retrying with a backoff
// that starts at reconnect_min and doubles up to reconnect_max.

#include "zetta_config.hpp"
#include "zetta_intake.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace airbridge::zetta {

class ZettaConnector {
 public:
  ZettaConnector(const ZettaConfig& config, ZettaIntake& intake, const Logger& log,
                 Metrics& metrics, const std::string& source);
  ~ZettaConnector();

  void start();
  void stop() noexcept;

 private:
  void run();
  /// Sleeps for `delay` unless stop() comes first; false when stopping.
  bool pause(Duration delay);

  const ZettaConfig& config_;
  ZettaIntake& intake_;
  const Logger& log_;
  Counter& connects_;
  Counter& failures_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace airbridge::zetta
