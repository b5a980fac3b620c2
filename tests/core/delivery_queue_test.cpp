// An output's delivery line: order, latest-wins, retries with backoff, giving up, and stop.

#include "metrics/metric_registry.hpp"

#include <airbridge/delivery_queue.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>

using namespace airbridge;
using namespace std::chrono_literals;

namespace {

struct Recorder {
  std::mutex mutex;
  std::vector<std::string> delivered;
  void add(std::string what) {
    std::lock_guard lock(mutex);
    delivered.push_back(std::move(what));
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mutex);
    return delivered;
  }
};

template <typename Condition>
bool within(std::chrono::milliseconds deadline, Condition condition) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

std::string counter(const core::MetricRegistry& metrics, const std::string& result) {
  const std::string name = "airbridge_output_deliveries_total{sink=\"out\",result=\"" + result + "\"} ";
  const std::string text = metrics.render();
  const auto at = text.find(name);
  return at == std::string::npos ? "0" : text.substr(at + name.size(), text.find('\n', at) - at - name.size());
}

}  // namespace

TEST_CASE("delivery queue: every job, in order, when every job counts", "[core][delivery]") {
  core::MetricRegistry metrics;
  const Logger log("test");
  DeliveryQueue queue({Duration{1}, Duration{1}, 0, /*latest_wins=*/false}, log, metrics, "out");
  Recorder recorder;
  std::atomic<bool> release{false};
  queue.start();
  queue.post("first", [&]() -> std::optional<std::string> {
    while (!release.load()) std::this_thread::sleep_for(1ms);  // a slow peer
    recorder.add("first");
    return std::nullopt;
  });
  for (const char* name : {"second", "third"}) {
    queue.post(name, [&recorder, name]() -> std::optional<std::string> {
      recorder.add(name);
      return std::nullopt;
    });
  }
  release.store(true);
  CHECK(within(2s, [&] { return recorder.seen().size() == 3; }));
  CHECK(recorder.seen() == std::vector<std::string>{"first", "second", "third"});
  CHECK(counter(metrics, "delivered") == "3");
  queue.stop();
}

TEST_CASE("delivery queue: a newer job replaces what waits, even between retries", "[core][delivery]") {
  core::MetricRegistry metrics;
  const Logger log("test");
  DeliveryQueue queue({Duration{200}, Duration{200}, 100, /*latest_wins=*/true}, log, metrics, "out");
  Recorder recorder;
  std::atomic<int> attempts{0};
  queue.start();
  queue.post("old", [&]() -> std::optional<std::string> {
    ++attempts;
    return std::string("peer down");
  });
  CHECK(within(1s, [&] { return attempts.load() == 1; }));
  // The old job now waits 200 ms to retry; the new one must not wait behind it.
  const auto posted = std::chrono::steady_clock::now();
  queue.post("new", [&]() -> std::optional<std::string> {
    recorder.add("new");
    return std::nullopt;
  });
  CHECK(within(1s, [&] { return recorder.seen().size() == 1; }));
  CHECK(std::chrono::steady_clock::now() - posted < 150ms);
  CHECK(attempts.load() == 1);  // superseded, never retried
  queue.stop();
}

TEST_CASE("delivery queue: retries with backoff, gives up at the limit, recovers", "[core][delivery]") {
  core::MetricRegistry metrics;
  const Logger log("test");
  DeliveryQueue queue({Duration{1}, Duration{4}, 2, /*latest_wins=*/false}, log, metrics, "out");
  std::atomic<int> attempts{0};
  queue.start();
  queue.post("doomed", [&]() -> std::optional<std::string> {
    ++attempts;
    return std::string("peer down");
  });
  CHECK(within(2s, [&] { return counter(metrics, "dropped") == "1"; }));
  CHECK(attempts.load() == 3);  // the first attempt and two retries
  CHECK(counter(metrics, "failed") == "3");
  std::atomic<int> flaky{0};
  queue.post("flaky", [&]() -> std::optional<std::string> {
    if (++flaky < 2) return std::string("once more");
    return std::nullopt;
  });
  CHECK(within(2s, [&] { return counter(metrics, "delivered") == "1"; }));
  CHECK(flaky.load() == 2);
  queue.stop();
}

TEST_CASE("delivery queue: stop does not wait out a backoff", "[core][delivery]") {
  core::MetricRegistry metrics;
  const Logger log("test");
  DeliveryQueue queue({Duration{60'000}, Duration{60'000}, 10, true}, log, metrics, "out");
  std::atomic<int> attempts{0};
  queue.start();
  queue.post("down", [&]() -> std::optional<std::string> {
    ++attempts;
    return std::string("peer down");
  });
  CHECK(within(1s, [&] { return attempts.load() == 1; }));
  const auto before = std::chrono::steady_clock::now();
  queue.stop();
  CHECK(std::chrono::steady_clock::now() - before < 500ms);
}
