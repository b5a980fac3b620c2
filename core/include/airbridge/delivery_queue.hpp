#pragma once
/// An output's own delivery line: the sink's deliver() posts a job and returns; one worker
/// thread per instance runs the jobs in order, retries a failed one with exponential backoff up
/// to a limit, and, where only the current state matters (a stream title, RDS, a file), lets a
/// newer job replace whatever is still waiting, including a job between retries. So a slow or
/// dead peer costs only this instance, never the bus or another sink.
///
/// Failures are logged once per streak (the first, with the peer's own answer; then the
/// recovery, with how many attempts failed), and counted in
/// airbridge_output_deliveries_total{sink, result="delivered"|"failed"|"dropped"}.

#include <airbridge/backoff.hpp>
#include <airbridge/duration.hpp>
#include <airbridge/logger.hpp>
#include <airbridge/metrics.hpp>
#include <airbridge/sdk_export.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace airbridge {

struct DeliverySettings {
  Duration retry_min{1'000};
  Duration retry_max{60'000};
  int retries = 5;          ///< attempts after the first before a job is dropped
  bool latest_wins = true;  ///< a new job replaces waiting ones (false: every job, in order)
  std::size_t capacity = 1000;  ///< waiting jobs kept when every job counts; the oldest go first
};

class AIRBRIDGE_SDK_API DeliveryQueue {
 public:
  /// One attempt: nullopt when delivered, else what went wrong (the peer's answer and the fix).
  /// Runs on the queue's thread; it must give up on its own within its timeouts.
  using Job = std::function<std::optional<std::string>()>;

  DeliveryQueue(DeliverySettings settings, const Logger& log, Metrics& metrics, const std::string& sink);
  ~DeliveryQueue();
  DeliveryQueue(const DeliveryQueue&) = delete;
  DeliveryQueue& operator=(const DeliveryQueue&) = delete;

  void start();
  /// Never blocks on the peer. `what` names the job in log lines ("#42 'Glass Harbor'").
  void post(std::string what, Job job);
  /// Lets the job in progress finish its attempt, drops the rest, and joins.
  void stop() noexcept;
  /// For the admin view: `{"waiting":N,"failing_attempts":N,"last_success":{"at","what"}|null,
  /// "last_failure":{"at","what","answer"}|null}`.
  std::string statusJson() const;

 private:
  struct Pending {
    std::string what;
    Job job;
  };
  void run(std::stop_token stop);
  /// Waits `wait`; false when stopped, or (latest wins) when a newer job arrived.
  bool waitToRetry(std::unique_lock<std::mutex>& lock, Duration wait, std::uint64_t posted_before);

  const DeliverySettings settings_;
  const Logger& log_;
  Counter& delivered_;
  Counter& failed_;
  Counter& dropped_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Pending> pending_;
  std::uint64_t posted_ = 0;
  bool stopping_ = false;
  int failedInStreak_ = 0;
  std::string lastSuccess_;  ///< JSON object, or empty before the first
  std::string lastFailure_;
  std::jthread worker_;
};

}  // namespace airbridge
