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
