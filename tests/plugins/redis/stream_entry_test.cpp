// Stream entries: what one node writes, another reads back unchanged; anything else is refused
// with a reason, never half-read.

#include "stream_entry.hpp"

#include <Poco/Redis/Type.h>
#include <catch2/catch.hpp>

using namespace airbridge;
using namespace airbridge::redis;
using Catch::Matchers::Contains;
using Poco::Redis::Array;

namespace {

Dispatch sampleTrack() {
  Dispatch event;
  event.origin = "node-a";
  event.sequence = 42;
  event.admitted = std::chrono::system_clock::time_point{std::chrono::milliseconds{1'790'000'000'123}};
  TrackEvent track;
  track.id = "zetta:studio:2208811";
  track.kind = "song";
  track.title = "Café \"Noir\"";
  track.artist = "Beyoncé – Tribute";
  track.duration_ms = 210'500;
  track.source = "studio";
  track.external_ids["zetta_asset"] = "40001";
  track.assets.push_back(Asset{"40001", "Café", "Beyoncé", "", "REC", 210'500});
  TrackEvent next;
  next.title = "Up Next";
  track.next.push_back(next);
  event.payload = track;
  return event;
}

/// What XREAD returns for one entry: [id, [field, value, ...]].
Array entryOf(const std::string& id, const Array& fields) {
  Array entry;
  entry << id;
  entry.addRedisType(new Poco::Redis::Type<Array>(fields));
  return entry;
}

Array fieldsOf(const Dispatch& event) {
  Array fields;
  appendStreamFields(fields, event);
  return fields;
}

/// The fields of `event` with `field` set to `value` (or left out when `value` is empty).
Array fieldsWith(const Dispatch& event, const std::string& field, const std::string& value) {
  const Array original = fieldsOf(event);
  Array fields;
  for (std::size_t i = 0; i + 1 < original.size(); i += 2) {
    const auto name = original.get<Poco::Redis::BulkString>(i).value();
    if (name == field && value.empty()) continue;
    fields << name << (name == field ? value : original.get<Poco::Redis::BulkString>(i + 1).value());
  }
  return fields;
}

}  // namespace

TEST_CASE("redis stream entry: a track and a program change read back as written", "[redis]") {
  const Dispatch track = sampleTrack();
  const StreamEntry read = readStreamEntry(entryOf("1790000000123-0", fieldsOf(track)));
  CHECK(read.id == "1790000000123-0");
  CHECK(read.event.origin == "node-a");
  CHECK(read.event.sequence == 42);
  CHECK(read.event.admitted == track.admitted);
  CHECK(toJson(*read.event.track()) == toJson(*track.track()));

  Dispatch program;
  program.origin = "node-b";
  program.sequence = 3;
  program.admitted = track.admitted;
  program.payload = ProgramChange{"2026-fall", "Jazz Night", {"DJ One", "DJ Two"}, "Late jazz",
                                  "2026-09-14T00:00:00Z", "2026-09-14T02:00:00Z"};
  const StreamEntry readProgram = readStreamEntry(entryOf("1-0", fieldsOf(program)));
  REQUIRE(readProgram.event.program());
  CHECK(toJson(*readProgram.event.program()) == toJson(*program.program()));
}

TEST_CASE("redis stream entry: marks order by admission time, then sequence", "[redis]") {
  Dispatch first = sampleTrack();
  Dispatch later = first;
  later.sequence = 1;  // a node restarted without storage numbers from 1 again
  later.admitted += std::chrono::seconds{1};
  CHECK(EventMark::of(first) < EventMark::of(later));
  Dispatch sameMillisecond = first;
  sameMillisecond.sequence = 43;
  CHECK(EventMark::of(first) < EventMark::of(sameMillisecond));
  CHECK(EventMark::of(first).toString() == "1790000000123:42");
  CHECK(EventMark::parse("1790000000123:42") == EventMark::of(first));
  CHECK_FALSE(EventMark::parse("1790000000123"));
  CHECK_FALSE(EventMark::parse("1790000000123:-1"));
  CHECK_FALSE(EventMark::parse(" 1:2"));
}

TEST_CASE("redis stream entry: what is not an airbridge event is refused with the reason",
          "[redis]") {
  const Dispatch event = sampleTrack();
  struct Case {
    const char* what;
    Array entry;
    const char* reason;
  };
  Array odd;
  odd << "origin" << "node-a" << "seq";
  Array notAnArray;
  notAnArray << "1-0" << "fields";
  const std::vector<Case> cases{
      {"no fields array", notAnArray, "not an [id, fields] pair"},
      {"odd field count", entryOf("1-0", odd), "fields do not come in pairs"},
      {"missing origin", entryOf("1-0", fieldsWith(event, "origin", "")), "no field origin"},
      {"seq not a number", entryOf("1-0", fieldsWith(event, "seq", "42x")), "field seq is not a number"},
      {"seq zero", entryOf("1-0", fieldsWith(event, "seq", "0")), "field seq is 0, outside 1..9007199254740991"},
      {"seq 2^64-1", entryOf("1-0", fieldsWith(event, "seq", "18446744073709551615")), "outside 1..9007199254740991"},
      {"seq 2^53", entryOf("1-0", fieldsWith(event, "seq", "9007199254740992")), "outside 1..9007199254740991"},
      {"seq past 2^64", entryOf("1-0", fieldsWith(event, "seq", "18446744073709551616")), "field seq is not a number"},
      {"admitted before 2000", entryOf("1-0", fieldsWith(event, "admitted_ms", "12")), "admitted_ms is 12, outside"},
      {"admitted past 2200", entryOf("1-0", fieldsWith(event, "admitted_ms", "9223372036854775807")), "outside"},
      {"admitted negative", entryOf("1-0", fieldsWith(event, "admitted_ms", "-9223372036854775808")), "outside"},
      {"negative seq", entryOf("1-0", fieldsWith(event, "seq", "-1")), "field seq is not a number"},
      {"admitted_ms not a number", entryOf("1-0", fieldsWith(event, "admitted_ms", "soon")), "admitted_ms"},
      {"unknown name", entryOf("1-0", fieldsWith(event, "name", "SOMETHING")), "unknown event name"},
      {"event not JSON", entryOf("1-0", fieldsWith(event, "event", "{not json")), "entry 1-0"},
      {"event not an object", entryOf("1-0", fieldsWith(event, "event", "[1,2]")), "entry 1-0"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK_THROWS_WITH(readStreamEntry(c.entry), Contains(c.reason));
  }
}
