// Start, run, stop: signals, draining, and sinks that misbehave.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

std::string config(const PluginFolder& plugins, const std::string& sinks) {
  return configPreamble(plugins.path()) +
         "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\nsinks:\n" + sinks;
}

std::size_t eventsAt(int port, const std::string& path) {
  return countLines(httpGet(port, path).body);
}

}  // namespace

TEST_CASE("lifecycle: SIGTERM and SIGINT stop cleanly with exit 0 within 5 s", "[e2e][lifecycle]") {
  PluginFolder plugins;
  for (int signal : {SIGTERM, SIGINT}) {
    AirbridgeProcess process(config(plugins, "  - plugin: probe\n    listen: 127.0.0.1:0\n"));
    const int zettaPort = process.portAfter("listening for Zetta on ");
    REQUIRE(process.waitForLog("running"));
    ZettaFeed feed(zettaPort);  // an open Zetta link must not hold the shutdown up
    feed.send(zettaCase("song"));
    REQUIRE(eventually([&] { return eventsAt(process.portAfter("http listening on "), "/probe") == 1; }));
    const auto before = std::chrono::steady_clock::now();
    const auto code = process.stop(signal, 5s);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(std::chrono::steady_clock::now() - before < 5s);
    CHECK_THAT(process.log(), Contains("shutting down") && Contains("stopped"));
  }
}

TEST_CASE("lifecycle: a sink stuck forever does not stop the exit", "[e2e][lifecycle]") {
  PluginFolder plugins;
  AirbridgeProcess process(config(plugins, "  - plugin: probe\n    listen: 127.0.0.1:0\n    stuck: true\n"));
  ZettaFeed feed(process.portAfter("listening for Zetta on "));
  feed.send(zettaCase("song"));
  REQUIRE(process.waitForLog("now on air: Glass Harbor"));
  const auto code = process.stop(SIGTERM, 5s);
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK_THAT(process.log(), Contains("still busy after the shutdown drain"));
}

TEST_CASE("lifecycle: a slow sink and a throwing sink never delay a healthy one",
          "[e2e][lifecycle]") {
  PluginFolder plugins;
  AirbridgeProcess process(config(plugins,
                                  "  - plugin: probe\n    name: slow\n    listen: 127.0.0.1:0\n"
                                  "    path: /slow\n    delay: 3s\n"
                                  "  - plugin: probe\n    name: broken\n    listen: 127.0.0.1:0\n"
                                  "    path: /broken\n    fail: true\n"
                                  "  - plugin: probe\n    name: healthy\n    listen: 127.0.0.1:0\n"
                                  "    path: /healthy\n"));
  const int http = process.portAfter("http listening on ");
  ZettaFeed feed(process.portAfter("listening for Zetta on "));
  const auto sent = std::chrono::steady_clock::now();
  for (const char* name : {"song", "link", "spot-block", "kjhk-production"}) feed.send(zettaCase(name));
  REQUIRE(eventually([&] { return eventsAt(http, "/healthy") == 4; }, 2s));
  CHECK(std::chrono::steady_clock::now() - sent < 2s);  // the slow sink takes 3 s per event
  CHECK(eventsAt(http, "/slow") == 0);
  CHECK(eventsAt(http, "/broken") == 0);
  CHECK(process.waitForLog("[probe:broken] failed to deliver event 4: probe told to fail"));
}
