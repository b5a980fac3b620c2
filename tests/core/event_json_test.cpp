#include <airbridge/track_event.hpp>

#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

using namespace airbridge;

TEST_CASE("event json: control characters and quotes are escaped; output parses",
          "[core][json]") {
  CHECK(jsonQuote("a\"b\\c\n\x01") == R"("a\"b\\c\n\u0001")");
  TrackEvent event;
  event.kind = "song";
  event.title = "Tab\there \"quoted\"";
  event.artist = "Kräftig & Söhne";
  event.duration_ms = 221480;
  event.external_ids["zetta_asset"] = "301177";
  TrackEvent upcoming;
  upcoming.title = "Next";
  event.next.push_back(upcoming);
  const std::string json = toJson(event);
  Poco::JSON::Parser parser;
  auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  CHECK(object->getValue<std::string>("title") == event.title);
  CHECK(object->getValue<std::string>("artist") == "Kräftig & Söhne");
  CHECK(object->getValue<std::int64_t>("duration_ms") == 221480);
  CHECK(object->isNull("id"));          // empty id: unknown, written as null
  CHECK(object->isNull("started_at"));
  CHECK(object->getObject("external_ids")->getValue<std::string>("zetta_asset") == "301177");
  auto next = object->getArray("next");
  REQUIRE(next->size() == 1);
  CHECK(next->getObject(0)->getValue<std::string>("title") == "Next");
  CHECK_FALSE(next->getObject(0)->has("next"));  // upcoming entries do not nest
}

namespace {

SharedDispatch dispatchOf(EventPayload payload, std::uint64_t sequence) {
  auto dispatch = std::make_shared<Dispatch>();
  dispatch->payload = std::move(payload);
  dispatch->sequence = sequence;
  dispatch->origin = "web-1";
  dispatch->admitted_at = "2026-09-14T19:03:12.000Z";
  return dispatch;
}

}  // namespace

TEST_CASE("event json: a program change, exactly as clients see it", "[core][json]") {
  ProgramChange program;
  program.term = "2026-fall";
  program.name = "Jazz After Dark";
  program.djs = {"Ana", "Bo"};
  program.starts_at = "2026-09-14T19:00:00Z";
  program.ends_at = "2026-09-14T21:00:00Z";
  CHECK(toJson(program) ==
        R"({"term":"2026-fall","name":"Jazz After Dark","djs":["Ana","Bo"],"description":"",)"
        R"("starts_at":"2026-09-14T19:00:00Z","ends_at":"2026-09-14T21:00:00Z"})");
  CHECK(toJson(ProgramChange{}).starts_with(R"({"term":null,"name":null,"djs":[])"));
}

TEST_CASE("event json: the payload picks the track or the program; on-air state from both",
          "[core][json]") {
  TrackEvent track;
  track.kind = "song";
  track.title = "Glass Harbor";
  TrackEvent upcoming;
  upcoming.title = "Next One";
  track.next.push_back(upcoming);
  ProgramChange program;
  program.name = "Morning Show";
  const auto now = dispatchOf(track, 7);
  const auto show = dispatchOf(program, 8);
  CHECK(payloadJson(*now) == toJson(track));
  CHECK(payloadJson(*show) == toJson(program));

  const OnAirJson both = onAirJson(now.get(), show.get());
  CHECK(both.now == toJson(track, false));  // the upcoming tracks go in `next`, not inside `now`
  CHECK(both.now.find("Next One") == std::string::npos);
  CHECK(both.next == nextJson(&track));
  CHECK(both.next.find("Next One") != std::string::npos);
  CHECK(both.program == toJson(program));

  const OnAirJson empty = onAirJson(nullptr, nullptr);
  CHECK(empty.now == "null");
  CHECK(empty.next == "[]");
  CHECK(empty.program == "null");
}

TEST_CASE("event json: a payload read back is the same payload", "[core][json]") {
  TrackEvent track;
  track.kind = "link";
  track.title = "Station ID \"KJHK\"";
  track.duration_ms = 5000;
  track.external_ids["zetta_asset"] = "42";
  const auto dispatch = dispatchOf(track, 3);
  const std::string json = payloadJson(*dispatch);
  const EventPayload back = payloadFromJson(dispatch->name(), json);
  REQUIRE(std::holds_alternative<TrackEvent>(back));
  CHECK(toJson(std::get<TrackEvent>(back)) == toJson(track));
}
