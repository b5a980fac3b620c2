#include "app/service_notifier.hpp"

#include <fmt/format.h>
#include <systemd/sd-daemon.h>
#include <time.h>

namespace airbridge::core {

void ServiceNotifier::ready(const std::string& status) {
  const std::string message = "READY=1\nSTATUS=" + status;
  if (sd_notify(0, message.c_str()) > 0) log_.info("told systemd: ready");
}

void ServiceNotifier::reloading() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const auto micros = static_cast<std::uint64_t>(now.tv_sec) * 1'000'000 + static_cast<std::uint64_t>(now.tv_nsec) / 1000;
  sd_notify(0, fmt::format("RELOADING=1\nMONOTONIC_USEC={}", micros).c_str());
}

void ServiceNotifier::startWatchdog(std::function<void()> alive) {
  std::uint64_t micros = 0;
  if (sd_watchdog_enabled(0, &micros) <= 0 || micros == 0) return;
  const auto every = std::chrono::microseconds{micros / 2};
  log_.info("systemd watchdog: pinging every {} ms", every.count() / 1000);
  watchdog_ = std::thread([this, every, alive = std::move(alive)] {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      alive();
      sd_notify(0, "WATCHDOG=1");
      lock.lock();
      wake_.wait_for(lock, every, [this] { return stop_; });
    }
  });
}

void ServiceNotifier::stopping() {
  stopWatchdog();
  sd_notify(0, "STOPPING=1");
}

void ServiceNotifier::stopWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

}  // namespace airbridge::core
