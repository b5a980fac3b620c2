// Content that used to take the process down: what a hostile or broken playout system can send
// must cost only itself, now and at every restart after it.

#include "support/http_rig.hpp"
#include "support/ws_test_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
// A second websocket sink with the filter a station writes to keep live takes out of now playing.
const std::string kFilteredSink =
    "  - plugin: websocket\n    name: filtered\n    listen: 127.0.0.1:0\n    path: /filtered\n"
    "    filters:\n      - field: title\n        match: \"(Live|Acoustic) Version.*\"\n        action: skip\n";
}  // namespace

TEST_CASE("hostile content: a 50 KB title through a filter, then a restart on the stored event",
          "[e2e][filters]") {
  TempDir storage;
  const std::string title = "Glass Harbor (Acoustic Version " + std::string(50'000, 'x') + ")";
  {
    HttpRig rig("", kFilteredSink, "", storage.path() / "data");
    WsTestClient filtered(rig.port(), "/filtered");
    filtered.receiveText();
    filtered.sendText(R"({"op":2,"d":{"topics":["now_playing"]}})");
    REQUIRE(filtered.receiveText());  // READY
    rig.send(zettaDocument(901, title));
    // std::regex recursed once per character here and the process died with SIGSEGV.
    CHECK(eventually([&] { return httpGet(rig.port(), "/v1/now-playing").body.find("Acoustic Version") != std::string::npos; }));
    rig.sendAndWait(zettaDocument(902, "Plain Song"), "Plain Song");
    const auto next = filtered.receiveText(3s);
    REQUIRE(next);
    CHECK_THAT(*next, Contains("Plain Song"));  // the long one was skipped by the filter
    CHECK(rig.process().stop(SIGTERM, 5s) == 0);
  }
  // The stored events are replayed through the filters at start: it must start, and serve.
  HttpRig after("", kFilteredSink, "", storage.path() / "data");
  CHECK(after.process().waitForLog("restored 2 event(s)"));
  CHECK(httpGet(after.port(), "/healthz").status == 200);
  WsTestClient client(after.port(), "/filtered");
  CHECK(client.receiveText());
}

TEST_CASE("hostile content: a filter RE2 cannot run is a config error at its line", "[e2e][filters][cli]") {
  TempDir dir;
  const std::string preamble = configPreamble();
  const auto matchLine = std::count(preamble.begin(), preamble.end(), '\n') + 6;
  const auto config = dir.write("filters.yaml", preamble +
                                                    "sinks:\n"
                                                    "  - plugin: websocket\n"
                                                    "    listen: 127.0.0.1:0\n"
                                                    "    filters:\n"
                                                    "      - field: title\n"
                                                    "        match: \"^(?!Jingle)\"\n");
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains(fmt::format("{}:{}:16:", config.string(), matchLine)) && Contains("RE2") &&
                                Contains("(?!") && Contains("no lookahead"));
}

TEST_CASE("hostile content: a 200 KB title is cut to max_field_bytes before anything keeps it",
          "[e2e][caps]") {
  HttpRig rig("", "", "bus:\n  max_field_bytes: 256\n");
  std::string title;
  for (int i = 0; i < 70'000; ++i) title += "\xE2\x82\xAC";  // 210 KB of euro signs
  rig.send(zettaDocument(903, "Cut " + title));
  REQUIRE(eventually([&] { return httpGet(rig.port(), "/v1/now-playing").body.find("Cut ") != std::string::npos; }));
  const auto now = jsonObject(httpGet(rig.port(), "/v1/now-playing").body);
  const std::string shown = now->getObject("now")->getValue<std::string>("title");
  CHECK(shown.size() <= 256);
  CHECK(shown.ends_with("\xE2\x80\xA6"));
  // The title, and the asset and third-party id that carried the same text.
  CHECK_THAT(httpGet(rig.port(), "/metrics").body,
             Contains("airbridge_bus_fields_capped_total ") && !Contains("airbridge_bus_fields_capped_total 0\n"));
  // The log quotes a few hundred bytes of it, not the title.
  CHECK(rig.process().log().size() < 64 * 1024);
}

TEST_CASE("hostile content: a line break inside a title cannot forge a log line", "[e2e][caps]") {
  HttpRig rig;
  rig.send(zettaDocument(904, "Harmless&#10;2026-12-01T00:00:00.000Z error [bus] forged"));
  REQUIRE(rig.process().waitForLog("Harmless\\n2026"));
  const std::string log = rig.process().log();
  CHECK_THAT(log, Contains("Harmless\\n2026-12-01T00:00:00.000Z error [bus] forged"));
  CHECK_THAT(log, !Contains("\n2026-12-01T00:00:00.000Z error [bus] forged"));
}

TEST_CASE("hostile content: a flood of whitespace after </ZettaLite is neither held nor rescanned",
          "[e2e][caps][zetta]") {
  HttpRig rig;
  rig.sendAndWait(zettaDocument(905, "Before The Flood"), "Before The Flood");
  const long residentBefore = static_cast<long>(rig.process().residentBytes());
  const double cpuBefore = rig.process().cpuSeconds();
  // 64 MB in 1 MB writes: this once cost a minute of CPU and memory growing by every byte.
  rig.send("<?xml version=\"1.0\"?><ZettaLite><LogEventCollection/></ZettaLite");
  const std::string megabyte(1 << 20, ' ');
  for (int i = 0; i < 64; ++i) rig.send(megabyte);
  rig.send(">\r\n");
  rig.sendAndWait(zettaDocument(906, "After The Flood"), "After The Flood");
  CHECK(static_cast<long>(rig.process().residentBytes()) - residentBefore < 32L * 1024 * 1024);
  // Linear: a few hundred ms for 64 MB; the quadratic rescan took tens of seconds.
  CHECK(rig.process().cpuSeconds() - cpuBefore < 10.0);
}

TEST_CASE("hostile content: events stored before a lower max_field_bytes are cut when restored",
          "[e2e][caps]") {
  TempDir storage;
  const std::string title = "Stored Long " + std::string(3000, 'y');
  {
    HttpRig rig("", "", "bus:\n  max_field_bytes: 4096\n", storage.path() / "data");
    rig.sendAndWait(zettaDocument(907, title), title);
    CHECK(rig.process().stop(SIGTERM, 5s) == 0);
  }
  HttpRig after("", "", "bus:\n  max_field_bytes: 256\n", storage.path() / "data");
  CHECK(after.process().waitForLog("restored 1 event(s)"));
  const auto now = jsonObject(httpGet(after.port(), "/v1/now-playing").body);
  const std::string shown = now->getObject("now")->getValue<std::string>("title");
  CHECK(shown.starts_with("Stored Long "));
  CHECK(shown.size() <= 256);
  CHECK(httpGet(after.port(), "/v1/history").body.find(title) == std::string::npos);
}
