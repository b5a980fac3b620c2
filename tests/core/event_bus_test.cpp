#include "bus/event_bus.hpp"
#include "metrics/metric_registry.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>

using namespace airbridge;
using namespace airbridge::core;
using namespace std::chrono_literals;

namespace {

TrackEvent song(std::string id, std::string title, std::string started = "2026-09-14T19:03:12Z") {
  TrackEvent event;
  event.id = std::move(id);
  event.kind = "song";
  event.title = std::move(title);
  event.source = "studio";
  event.started_at = std::move(started);
  return event;
}

/// Records what it gets; optionally blocks on its first delivery until released.
class RecordingSink final : public EventConsumer {
 public:
  explicit RecordingSink(bool block_first = false) : block_(block_first) {
    if (!block_) released_.set_value();
  }
  void deliver(const SharedDispatch& event) override {
    entered_.store(true);
    released_future_.wait();
    std::lock_guard lock(mutex_);
    sequences_.push_back(event->sequence);
    if (throw_on_ && event->sequence == *throw_on_) throw std::runtime_error("sink failure");
  }
  void release() { released_.set_value(); }
  std::vector<std::uint64_t> sequences() {
    std::lock_guard lock(mutex_);
    return sequences_;
  }
  std::optional<std::uint64_t> throw_on_;
  std::atomic<bool> entered_{false};

 private:
  bool block_;
  std::promise<void> released_;
  std::shared_future<void> released_future_ = released_.get_future().share();
  std::mutex mutex_;
  std::vector<std::uint64_t> sequences_;
};

template <typename Condition>
bool eventually(Condition condition) {
  const auto end = std::chrono::steady_clock::now() + 5s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

}  // namespace

TEST_CASE("bus: sequence numbers increase by one per admitted event, with the origin",
          "[core][bus]") {
  MetricRegistry metrics;
  Logger log("bus");
  EventBus bus(BusSettings{"node-a", 10min, 100, 50}, metrics, log);
  CHECK(bus.publish(song("zetta:studio:1", "One")));
  CHECK_FALSE(bus.publish(song("zetta:studio:1", "One")));  // duplicate: no number used
  CHECK(bus.publish(song("zetta:studio:2", "Two")));
  CHECK(bus.lastSequence() == 2);
  const auto now = bus.nowPlaying();
  REQUIRE(now);
  CHECK(now->sequence == 2);
  CHECK(now->origin == "node-a");
  CHECK(now->track()->title == "Two");
  CHECK(bus.history(10, std::nullopt).size() == 2);
  CHECK_THAT(metrics.render(), Catch::Matchers::Contains(
                                   "airbridge_bus_events_total{result=\"duplicate\"} 1"));
}

TEST_CASE("bus: a replica from another node keeps its origin, admission time and sequence "
          "when ahead of ours, is renumbered when behind, and is deduped like a local event",
          "[core][bus]") {
  MetricRegistry metrics;
  Logger log("bus");
  EventBus bus(BusSettings{"node-b", 10min, 100, 50}, metrics, log);
  const auto admittedOnA = std::chrono::system_clock::time_point{std::chrono::milliseconds{1'790'000'000'123}};
  Dispatch replica;
  replica.origin = "node-a";
  replica.sequence = 7;  // node A has admitted six events we never saw (before this node joined)
  replica.admitted = admittedOnA;
  replica.payload = song("zetta:studio:1", "From A");
  CHECK(bus.publishReplica(replica));
  auto now = bus.nowPlaying();
  REQUIRE(now);
  CHECK(now->origin == "node-a");
  CHECK(now->sequence == 7);
  CHECK(now->admitted == admittedOnA);
  CHECK(now->admitted_at == "2026-09-21T14:13:20.123Z");
  CHECK(bus.lastSequence() == 7);

  // Our own next event continues the shared sequence.
  CHECK(bus.publish(song("zetta:studio:2", "Ours")));
  CHECK(bus.lastSequence() == 8);

  // The same event again (from A, or heard by our own Zetta link): a duplicate.
  replica.sequence = 9;
  CHECK_FALSE(bus.publishReplica(replica));
  CHECK_FALSE(bus.publish(song("zetta:studio:1", "From A")));

  // Behind our sequence (two nodes admitting at once): renumbered, counted, still delivered.
  Dispatch late = replica;
  late.sequence = 8;
  late.payload = song("zetta:studio:3", "Late From A");
  CHECK(bus.publishReplica(late));
  CHECK(bus.nowPlaying()->sequence == 9);
  CHECK(bus.nowPlaying()->origin == "node-a");
  CHECK_THAT(metrics.render(), Catch::Matchers::Contains("airbridge_bus_replicas_resequenced_total 1"));
  const auto all = bus.since(6);
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[0]->sequence == 7);
  CHECK((*all)[2]->sequence == 9);
}

TEST_CASE("bus: dedupe key is source + id + start time, or title + artist + start time",
          "[core][bus]") {
  auto withId = song("zetta:studio:7", "A");
  auto restarted = song("zetta:studio:7", "A", "2026-09-14T20:00:00Z");
  CHECK(EventBus::dedupeKey(withId) != EventBus::dedupeKey(restarted));
  auto otherSource = withId;
  otherSource.source = "backup";
  CHECK(EventBus::dedupeKey(withId) != EventBus::dedupeKey(otherSource));
  auto noId1 = song("", "Title");
  auto noId2 = song("", "Title");
  noId2.album = "different album, same play";
  CHECK(EventBus::dedupeKey(noId1) == EventBus::dedupeKey(noId2));
  noId2.artist = "Someone else";
  CHECK(EventBus::dedupeKey(noId1) != EventBus::dedupeKey(noId2));
}

TEST_CASE("bus: a stuck sink delays neither the bus nor another sink; its drops are counted",
          "[core][bus]") {
  MetricRegistry metrics;
  Logger log("test");
  EventBus bus(BusSettings{"n", 10min, 100, 50}, metrics, log);
  RecordingSink stuck(/*block_first=*/true);
  RecordingSink fast;
  SinkRunner stuckRunner("stuck", stuck, 4, log, metrics);
  SinkRunner fastRunner("fast", fast, 64, log, metrics);
  bus.attach(stuckRunner);
  bus.attach(fastRunner);
  stuckRunner.start();
  fastRunner.start();

  REQUIRE(bus.publish(song("1", "t")));
  REQUIRE(eventually([&] { return stuck.entered_.load(); }));  // now stuck inside event 1
  const auto before = std::chrono::steady_clock::now();
  for (int i = 2; i <= 10; ++i) REQUIRE(bus.publish(song(std::to_string(i), "t")));
  // Publishing never waited on the stuck sink (it is blocked inside its first delivery).
  CHECK(std::chrono::steady_clock::now() - before < 1s);
  REQUIRE(eventually([&] { return fast.sequences().size() == 10; }));
  CHECK(fast.sequences() == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(stuck.sequences().empty());

  stuck.release();
  // The stuck sink holds event 1; its mailbox of 4 kept the newest (7..10) and dropped 2..6.
  REQUIRE(eventually([&] { return stuck.sequences().size() == 5; }));
  CHECK(stuck.sequences() == std::vector<std::uint64_t>{1, 7, 8, 9, 10});
  CHECK_THAT(metrics.render(), Catch::Matchers::Contains(
                                   "airbridge_sink_dropped_events_total{sink=\"stuck\"} 5"));
  CHECK(stuckRunner.drainUntil(std::chrono::steady_clock::now() + 2s));
  CHECK(fastRunner.drainUntil(std::chrono::steady_clock::now() + 2s));
}

TEST_CASE("bus: a sink that throws loses only that delivery", "[core][bus]") {
  MetricRegistry metrics;
  Logger log("test");
  EventBus bus(BusSettings{"n", 10min, 100, 50}, metrics, log);
  RecordingSink throwing;
  throwing.throw_on_ = 2;
  SinkRunner runner("throwing", throwing, 16, log, metrics);
  bus.attach(runner);
  runner.start();
  for (int i = 1; i <= 3; ++i) bus.publish(song(std::to_string(i), "t"));
  REQUIRE(eventually([&] { return throwing.sequences().size() == 3; }));
  CHECK(runner.drainUntil(std::chrono::steady_clock::now() + 2s));
  CHECK_THAT(metrics.render(), Catch::Matchers::Contains(
                                   "airbridge_sink_failed_deliveries_total{sink=\"throwing\"} 1"));
}

TEST_CASE("bus: shutdown drains what is queued", "[core][bus]") {
  MetricRegistry metrics;
  Logger log("test");
  EventBus bus(BusSettings{"n", 10min, 100, 50}, metrics, log);
  RecordingSink sink(/*block_first=*/true);
  SinkRunner runner("sink", sink, 16, log, metrics);
  bus.attach(runner);
  runner.start();
  for (int i = 1; i <= 5; ++i) bus.publish(song(std::to_string(i), "t"));
  sink.release();
  CHECK(runner.drainUntil(std::chrono::steady_clock::now() + 2s));
  CHECK(sink.sequences().size() == 5);
}
