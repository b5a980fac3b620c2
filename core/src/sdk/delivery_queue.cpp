#include <airbridge/delivery_queue.hpp>

#include <airbridge/time_text.hpp>
#include <airbridge/track_event.hpp>

#include <fmt/format.h>

namespace airbridge {
namespace {
constexpr const char* kHelp = "Deliveries by outputs: delivered, failed attempts, and jobs dropped";

CounterFamily results(Metrics& metrics, const std::string& sink) {
  return {metrics, "airbridge_output_deliveries_total", kHelp, fmt::format("sink=\"{}\"", sink), "result"};
}
}  // namespace

DeliveryQueue::DeliveryQueue(DeliverySettings settings, const Logger& log, Metrics& metrics,
                             const std::string& sink)
    : settings_(settings),
      log_(log),
      delivered_(results(metrics, sink).with("delivered")),
      failed_(results(metrics, sink).with("failed")),
      dropped_(results(metrics, sink).with("dropped")) {}

DeliveryQueue::~DeliveryQueue() { stop(); }

void DeliveryQueue::start() {
  worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void DeliveryQueue::post(std::string what, Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (settings_.latest_wins) {
      pending_.clear();  // what was waiting is out of date
    } else if (pending_.size() >= settings_.capacity) {
      dropped_.add();
      log_.warning("output queue full ({} jobs): dropping {}", settings_.capacity, pending_.front().what);
      pending_.pop_front();
    }
    pending_.push_back({std::move(what), std::move(job)});
    ++posted_;
  }
  changed_.notify_all();
}

void DeliveryQueue::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    pending_.clear();
  }
  changed_.notify_all();
  if (worker_.joinable()) {
    worker_.request_stop();
    worker_.join();
  }
}

bool DeliveryQueue::waitToRetry(std::unique_lock<std::mutex>& lock, Duration wait,
                                std::uint64_t posted_before) {
  changed_.wait_for(lock, wait, [&] {
    return stopping_ || (settings_.latest_wins && posted_ != posted_before);
  });
  return !stopping_ && !(settings_.latest_wins && posted_ != posted_before);
}

std::string DeliveryQueue::statusJson() const {
  std::lock_guard lock(mutex_);
  return fmt::format(R"({{"waiting":{},"failing_attempts":{},"last_success":{},"last_failure":{}}})",
                     pending_.size(), failedInStreak_, lastSuccess_.empty() ? "null" : lastSuccess_,
                     lastFailure_.empty() ? "null" : lastFailure_);
}

void DeliveryQueue::run(std::stop_token) {
  Backoff backoff(settings_.retry_min, settings_.retry_max);
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    Pending job = std::move(pending_.front());
    pending_.pop_front();
    backoff.reset();
    for (int attempt = 0;; ++attempt) {
      const std::uint64_t postedBefore = posted_;
      lock.unlock();
      const std::optional<std::string> failure = job.job();
      lock.lock();
      const std::string at = formatRfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now()), true);
      if (!failure) {
        lastSuccess_ = fmt::format(R"({{"at":{},"what":{}}})", jsonQuote(at), jsonQuote(job.what));
        delivered_.add();
        if (failedInStreak_ > 0) {
          log_.info("delivering again ({}) after {} failed attempt(s)", job.what, failedInStreak_);
        }
        failedInStreak_ = 0;
        break;
      }
      failed_.add();
      lastFailure_ = fmt::format(R"({{"at":{},"what":{},"answer":{}}})", jsonQuote(at),
                                 jsonQuote(job.what), jsonQuote(Logger::cutForLog(*failure)));
      // Once per streak: a dead peer must not write a line per event for hours.
      if (failedInStreak_++ == 0) {
        log_.warning("could not deliver {}: {}; retrying with backoff (up to {} apart), and "
                     "counting failures in airbridge_output_deliveries_total until it works again",
                     job.what, *failure, formatDuration(settings_.retry_max));
      } else {
        log_.debug("could not deliver {}: {}", job.what, *failure);
      }
      if (attempt >= settings_.retries) {
        dropped_.add();
        log_.debug("gave up on {} after {} attempt(s)", job.what, attempt + 1);
        break;
      }
      if (!waitToRetry(lock, backoff.next(), postedBefore)) break;  // stopped, or superseded
    }
  }
}

}  // namespace airbridge
