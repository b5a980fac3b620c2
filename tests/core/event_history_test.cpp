#include "history/event_history.hpp"

#include <catch2/catch.hpp>

using namespace airbridge;
using airbridge::core::EventHistory;

namespace {
SharedDispatch track(std::uint64_t sequence, std::string title) {
  auto d = std::make_shared<Dispatch>();
  d->sequence = sequence;
  TrackEvent event;
  event.title = std::move(title);
  d->payload = event;
  return d;
}
SharedDispatch program(std::uint64_t sequence) {
  auto d = std::make_shared<Dispatch>();
  d->sequence = sequence;
  d->payload = ProgramChange{};
  return d;
}
}  // namespace

TEST_CASE("history: newest first, limited, before a sequence, programs left out",
          "[core][history]") {
  EventHistory history(10);
  history.append(track(1, "one"));
  history.append(program(2));
  history.append(track(3, "three"));
  history.append(track(4, "four"));
  auto newest = history.tracks(2, std::nullopt);
  REQUIRE(newest.size() == 2);
  CHECK(newest[0]->sequence == 4);
  CHECK(newest[1]->sequence == 3);
  auto older = history.tracks(10, 4);
  REQUIRE(older.size() == 2);
  CHECK(older[0]->sequence == 3);
  CHECK(older[1]->sequence == 1);
}

TEST_CASE("history: a ring of history_size", "[core][history]") {
  EventHistory history(3);
  for (std::uint64_t i = 1; i <= 5; ++i) history.append(track(i, "t"));
  CHECK(history.size() == 3);
  CHECK(history.tracks(10, std::nullopt).back()->sequence == 3);
}

TEST_CASE("history: since() replays what was missed or says it cannot", "[core][history]") {
  EventHistory history(3);
  for (std::uint64_t i = 1; i <= 5; ++i) history.append(track(i, "t"));  // holds 3, 4, 5
  auto missed = history.since(3, 5);
  REQUIRE(missed);
  REQUIRE(missed->size() == 2);
  CHECK((*missed)[0]->sequence == 4);
  CHECK((*missed)[1]->sequence == 5);
  CHECK(history.since(2, 5)->size() == 3);   // 3 is still there: nothing lost
  CHECK_FALSE(history.since(1, 5));          // 2 is gone
  CHECK(history.since(5, 5)->empty());       // up to date
  CHECK_FALSE(history.since(9, 5));          // from the future: another node, or stale
}
