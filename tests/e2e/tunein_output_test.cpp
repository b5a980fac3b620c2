// The tunein output against an HTTP server in the test standing in for TuneIn's AIR API (through
// the overridable url): songs only, once each, the exact query, and a <fault> reported.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/recording_http_server.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

CannedAnswer airAnswer(const std::string& head) {
  return {200, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><opml version=\"1\"><head>" + head +
                               "</head><body/></opml>"};
}

std::string config(int port) {
  return configPreamble() +
         "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
         "sinks:\n  - plugin: tunein\n    name: tunein\n"
         "    partner_id: partner-1\n    partner_key: key&2\n    station_id: s12345\n" +
         fmt::format("    url: http://127.0.0.1:{}/Playing.ashx\n    retry_min: 50ms\n    retry_max: 100ms\n", port);
}

}  // namespace

TEST_CASE("tunein e2e: each song once, with the AIR API's query; links are not sent", "[e2e][tunein]") {
  RecordingHttpServer air([](const RecordedRequest&, std::size_t) { return airAnswer("<status>200</status>"); });
  AirbridgeProcess airbridge(config(air.port()));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  for (const char* name : {"song", "link", "current-and-next", "song"}) feed.send(zettaCase(name));
  REQUIRE(eventually([&] { return air.requests().size() >= 2; }, 5s));
  std::this_thread::sleep_for(300ms);
  const auto got = air.requests();
  REQUIRE(got.size() == 2);
  CHECK(got[0].uri ==
        "/Playing.ashx?partnerId=partner-1&partnerKey=key%262&id=s12345&title=Glass%20Harbor"
        "&artist=The%20Lowland%20Static&album=Signals%20%26%20Noise");
  CHECK(got[1].uri ==
        "/Playing.ashx?partnerId=partner-1&partnerKey=key%262&id=s12345&title=%C3%9Cber%20den%20Wolken%20%28Live%29"
        "&artist=Kr%C3%A4ftig%20%26%20S%C3%B6hne&album=Nachtbus");
  CHECK_THAT(airbridge.log(), !Contains("could not deliver"));
}

TEST_CASE("tunein e2e: a fault in the XML is an error, whatever the HTTP status", "[e2e][tunein]") {
  RecordingHttpServer air([](const RecordedRequest&, std::size_t) {
    return airAnswer("<status>403</status><fault>Invalid partner key</fault>");
  });
  AirbridgeProcess airbridge(config(air.port()));
  ZettaFeed(airbridge.portAfter("listening for Zetta on ")).send(zettaCase("song"));
  REQUIRE(airbridge.waitForLog("TuneIn refused the song (403): \"Invalid partner key\"", 5s));
  CHECK_THAT(airbridge.log(), Contains("check partner_id, partner_key and station_id"));
}
