#include "bus/failover_state.hpp"

#include <airbridge/time_text.hpp>

#include <catch2/catch.hpp>

using airbridge::TrackEvent;
using airbridge::core::FailoverState;
using airbridge::core::SourcePolicy;
using namespace std::chrono_literals;

namespace {

const FailoverState::Time t0 = FailoverState::Time{} + std::chrono::hours{24 * 365 * 56};

TrackEvent song(const std::string& title, FailoverState::Time started, std::chrono::seconds length) {
  TrackEvent event;
  event.kind = "song";
  event.title = title;
  event.started_at = airbridge::formatRfc3339(
      std::chrono::time_point_cast<std::chrono::milliseconds>(started));
  event.duration_ms = std::chrono::milliseconds{length}.count();
  return event;
}

TrackEvent link(const std::string& title) {
  TrackEvent event;
  event.kind = "link";
  event.title = title;
  return event;
}

FailoverState studioAndBackup() {
  return FailoverState({SourcePolicy{"studio", 1, 30s, 5min}, SourcePolicy{"backup", 2, 30s, 5min}});
}

}  // namespace

TEST_CASE("failover: the preferred source wins while its track plays, plus grace",
          "[core][failover]") {
  FailoverState state = studioAndBackup();
  CHECK(state.offer(0, song("A", t0, 200s), t0));
  CHECK(state.onAir(t0) == 0u);
  CHECK_FALSE(state.offer(1, song("B", t0 + 10s, 300s), t0 + 10s));  // held
  CHECK(state.liveUntil(0) == t0 + 230s);
  CHECK_FALSE(state.expire(t0 + 229s).has_value());
  CHECK(state.onAir(t0 + 229s) == 0u);
  // Studio silent past 200 s + 30 s: the backup's held track goes on air, still live (10 + 300 + 30).
  const auto released = state.expire(t0 + 230s);
  REQUIRE(released.has_value());
  CHECK(released->title == "B");
  CHECK(state.onAir(t0 + 230s) == 1u);
  // The backup's next track goes straight on air.
  CHECK(state.offer(1, song("C", t0 + 190s, 60s), t0 + 231s));
  // Studio speaks again and takes over at once.
  CHECK(state.offer(0, song("D", t0 + 240s, 200s), t0 + 240s));
  CHECK(state.onAir(t0 + 240s) == 0u);
  CHECK_FALSE(state.offer(1, song("E", t0 + 250s, 60s), t0 + 250s));
}

TEST_CASE("failover: a held event whose own source went silent is never released",
          "[core][failover]") {
  FailoverState state = studioAndBackup();
  CHECK(state.offer(0, song("A", t0, 600s), t0));
  CHECK_FALSE(state.offer(1, song("B", t0, 60s), t0));  // backup live until 90 s
  CHECK_FALSE(state.expire(t0 + 90s).has_value());     // backup ended unseen
  CHECK(state.onAir(t0 + 100s) == 0u);
  CHECK_FALSE(state.expire(t0 + 630s).has_value());  // studio silent too: nothing to show
  CHECK_FALSE(state.onAir(t0 + 630s).has_value());
  CHECK_FALSE(state.nextExpiry().has_value());
  // Then anything is published, the backup included.
  CHECK(state.offer(1, song("C", t0 + 700s, 60s), t0 + 700s));
}

TEST_CASE("failover: without a duration a source stays live for failover_after",
          "[core][failover]") {
  FailoverState state = studioAndBackup();
  CHECK(state.offer(0, link("Station ID"), t0));
  CHECK_FALSE(state.lastHadDuration(0));
  CHECK(state.liveUntil(0) == t0 + 5min);
  CHECK_FALSE(state.offer(1, link("Overnight"), t0 + 1min));
  const auto released = state.expire(t0 + 5min);
  REQUIRE(released.has_value());
  CHECK(released->title == "Overnight");
}

TEST_CASE("failover: a stale or unreadable start counts from arrival", "[core][failover]") {
  FailoverState state = studioAndBackup();
  // Started an hour ago by its own clock: live for the grace after it arrived, not already over.
  CHECK(state.offer(0, song("Old", t0 - 1h, 200s), t0));
  CHECK(state.liveUntil(0) == t0 + 30s);
  TrackEvent noStart = song("No start", t0, 100s);
  noStart.started_at = "not a time";
  CHECK(state.offer(0, noStart, t0 + 1s));
  CHECK(state.liveUntil(0) == t0 + 1s + 30s);
}

TEST_CASE("failover: sources of equal priority all publish; one source alone always does",
          "[core][failover]") {
  FailoverState pair({SourcePolicy{"a", 1, 30s, 5min}, SourcePolicy{"b", 1, 30s, 5min}});
  CHECK(pair.offer(0, song("A", t0, 200s), t0));
  CHECK(pair.offer(1, song("B", t0 + 1s, 200s), t0 + 1s));
  CHECK(pair.onAir(t0 + 2s) == 1u);  // the one published last
  FailoverState alone({SourcePolicy{"studio", 1, 0s, 1s}});
  for (int i = 0; i < 5; ++i) CHECK(alone.offer(0, link("x"), t0 + std::chrono::seconds{i * 10}));
}

TEST_CASE("failover: a source removed on reload hands the air on with what the next one held; "
          "one added competes at once",
          "[core][failover]") {
  FailoverState state = studioAndBackup();
  REQUIRE(state.offer(0, song("Studio Song", t0, 180s), t0));
  REQUIRE_FALSE(state.offer(1, song("Backup Song", t0 + 10s, 180s), t0 + 10s));  // held
  state.retire(0, t0 + 20s);
  const auto released = state.expire(t0 + 20s);
  REQUIRE(released);
  CHECK(released->title == "Backup Song");
  CHECK(state.onAir(t0 + 20s) == std::size_t{1});

  // Added while running, with a better priority than the backup: its first event goes on air.
  const std::size_t added = state.add(SourcePolicy{"new-studio", 1, 30s, 5min});
  CHECK(added == 2);
  CHECK(state.offer(added, song("New Studio Song", t0 + 30s, 180s), t0 + 30s));
  CHECK(state.onAir(t0 + 30s) == added);
  // A lowered priority counts from its next event on.
  state.setPolicy(1, SourcePolicy{"backup", 1, 30s, 5min});
  CHECK(state.offer(1, song("Backup Again", t0 + 40s, 180s), t0 + 40s));
}
