#pragma once
// Stands between the sources and the bus: each source instance publishes through its own gate,
// which applies priority and failover (FailoverState) before the bus sees a track event. A
// timer thread notices when the on-air source falls silent, hands the air to the next live
// one (publishing the event it held back), and the log and /metrics say which source is on air
// and why it changed.

#include "bus/event_bus.hpp"
#include "bus/failover_state.hpp"

#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/plugin_context.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace airbridge::core {

class SourceArbiter {
 public:
  SourceArbiter(EventBus& bus, Metrics& metrics, const Logger& log);
  ~SourceArbiter();

  /// The publisher source `policy.name` gets in its context. Also while running (SIGHUP): a
  /// name seen before keeps its gate (and its liveness) and takes the new priority and times.
  Publisher& addSource(SourcePolicy policy);
  /// Source `name` was removed (SIGHUP): it stops being live now and the air goes on to the
  /// next live source, with the event it held.
  void removeSource(const std::string& name);

  /// The timer; before the sources start, stop() after they stopped.
  void start();
  void stop();

  /// For the admin view: the on-air source's name, or empty.
  std::string onAirSource();
  /// `{"priority":N,"on_air":bool,"live_until":TIME|null,"held":N}` of source `name`, or "{}".
  std::string statusJson(const std::string& name);

 private:
  class Gate;
  struct SourceMetrics {
    Gauge& on_air;
    Gauge& last_event;  ///< Unix seconds of the source's last track event: what a station alerts on
    Counter& published;
    Counter& held;
  };

  bool offer(std::size_t index, EventPayload event);
  void runTimer();
  /// With mutex_ held: logs and counts a change of the on-air source. `why` says what caused it.
  void noteOnAir(FailoverState::Time now, const std::string& why);
  std::string silenceOf(std::size_t index) const;
  std::optional<std::size_t> indexOf(const std::string& name) const;

  EventBus& bus_;
  Metrics& metrics_;
  const Logger& log_;
  std::vector<SourcePolicy> policies_;
  std::vector<bool> removed_;  // by SIGHUP; a source added again under its name comes back
  std::deque<Gate> gates_;  // stable addresses: contexts keep references
  std::deque<SourceMetrics> metricsOf_;
  std::unique_ptr<FailoverState> state_;
  std::optional<std::size_t> onAir_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace airbridge::core
