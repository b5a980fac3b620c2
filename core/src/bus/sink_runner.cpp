#include "bus/sink_runner.hpp"

#include <fmt/format.h>

namespace airbridge::core {
namespace {
constexpr auto kDropReportInterval = std::chrono::minutes{1};
}

SinkRunner::SinkRunner(std::string name, EventConsumer& sink, std::size_t queue_size, const Logger& log,
                       Metrics& metrics)
    : name_(std::move(name)),
      sink_(sink),
      mailbox_(queue_size),
      log_(log),
      delivered_(metrics.counter("airbridge_sink_delivered_events_total",
                                 "Events handed to a sink", fmt::format("sink=\"{}\"", name_))),
      dropped_(metrics.counter("airbridge_sink_dropped_events_total",
                               "Events dropped because a sink's mailbox was full",
                               fmt::format("sink=\"{}\"", name_))),
      failed_(metrics.counter("airbridge_sink_failed_deliveries_total",
                              "Deliveries in which a sink threw",
                              fmt::format("sink=\"{}\"", name_))) {}

SinkRunner::~SinkRunner() {
  if (worker_.joinable()) {
    worker_.request_stop();
    worker_.join();
  }
}

void SinkRunner::start() {
  worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void SinkRunner::post(const SharedDispatch& event) {
  if (mailbox_.post(event)) {
    dropped_.add();
    reportDrops(false);
  }
}

void SinkRunner::reportDrops(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - lastDropReport_ < kDropReportInterval) return;
  const std::uint64_t dropped = mailbox_.takeDropped();
  if (dropped == 0) return;
  lastDropReport_ = now;
  log_.warning("dropped {} event(s): the sink is slower than events arrive and its mailbox of {} "
               "is full; raise queue_size for this sink or find what slows it",
               dropped, mailbox_.capacity());
}

void SinkRunner::run(std::stop_token stop) {
  while (auto event = mailbox_.next(stop)) {
    try {
      sink_.deliver(*event);
      delivered_.add();
    } catch (const std::exception& e) {
      failed_.add();
      log_.error("failed to deliver event {}: {}", (*event)->sequence, e.what());
    } catch (...) {
      failed_.add();
      log_.error("failed to deliver event {}: unknown exception", (*event)->sequence);
    }
  }
  std::lock_guard lock(doneMutex_);
  done_ = true;
  doneChanged_.notify_all();
}

bool SinkRunner::drainUntil(std::chrono::steady_clock::time_point deadline) {
  if (!worker_.joinable()) return true;
  worker_.request_stop();
  bool finished = false;
  {
    std::unique_lock lock(doneMutex_);
    finished = doneChanged_.wait_until(lock, deadline, [this] { return done_; });
  }
  reportDrops(true);
  if (finished) {
    worker_.join();
  } else {
    log_.error("still busy after the shutdown drain; leaving it behind");
    worker_.detach();
  }
  return finished;
}

std::string SinkRunner::statusJson() const {
  return fmt::format(R"({{"delivered":{},"dropped":{},"failed":{}}})", delivered_.value(),
                     dropped_.value(), failed_.value());
}

}  // namespace airbridge::core
