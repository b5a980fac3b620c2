// LiveSinkEvents: what SIGHUP changes in a sink while events flow.

#include <airbridge/sink_options.hpp>

#include <catch2/catch.hpp>

#include <future>
#include <thread>

using namespace airbridge;
using namespace std::chrono_literals;

namespace {

SharedDispatch trackAdmittedNow(std::string kind) {
  auto dispatch = std::make_shared<Dispatch>();
  dispatch->admitted = std::chrono::system_clock::now();
  TrackEvent event;
  event.kind = std::move(kind);
  dispatch->payload = event;
  return dispatch;
}

SinkEventOptions withDelay(Duration delay) {
  SinkEventOptions options;
  options.delay = delay;
  return options;
}

}  // namespace

TEST_CASE("live sink events: a wait in progress follows a replaced delay", "[core][sdk]") {
  LiveSinkEvents events(withDelay(1h));
  const auto event = trackAdmittedNow("song");
  auto waiting = std::async(std::launch::async, [&] { return events.wait(*event); });
  CHECK(waiting.wait_for(200ms) == std::future_status::timeout);  // an hour to go
  events.replace(withDelay(300ms));  // counted from admission, as before
  REQUIRE(waiting.wait_for(5s) == std::future_status::ready);
  CHECK(waiting.get());
  CHECK(std::chrono::system_clock::now() - event->admitted >= 300ms);
}

TEST_CASE("live sink events: stop releases a wait; kinds replaced apply to the next event", "[core][sdk]") {
  LiveSinkEvents events(withDelay(1h));
  const auto event = trackAdmittedNow("link");
  CHECK(events.apply(event) == event);
  SinkEventOptions songsOnly;
  songsOnly.kinds = {"song"};
  songsOnly.delay = 1h;
  events.replace(songsOnly);
  CHECK(events.apply(event) == nullptr);
  auto waiting = std::async(std::launch::async, [&] { return events.wait(*event); });
  CHECK(waiting.wait_for(100ms) == std::future_status::timeout);
  events.stop();
  REQUIRE(waiting.wait_for(5s) == std::future_status::ready);
  CHECK_FALSE(waiting.get());
}
