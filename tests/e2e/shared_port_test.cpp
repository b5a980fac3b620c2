// One public port, several instances: the host routes each request to the instance that claimed
// its path, and no idle connection makes anyone wait.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
const char* kTwoProbes =
    "sinks:\n"
    "  - plugin: probe\n    name: a\n    listen: 127.0.0.1:0\n    path: /ws\n"
    "  - plugin: probe\n    name: b\n    listen: 127.0.0.1:0\n    path: /api/\n";
}

TEST_CASE("shared port: two instances on one address, each at its own path", "[e2e][http]") {
  PluginFolder plugins;
  AirbridgeProcess process(configPreamble(plugins.path()) + kTwoProbes);
  const int port = process.portAfter("http listening on ");
  CHECK(httpGet(port, "/ws").status == 200);
  CHECK(httpGet(port, "/ws/state").status == 200);
  CHECK(httpGet(port, "/api/").status == 200);
  CHECK(httpGet(port, "/api/?target=metadata").status == 200);
  const auto missing = httpGet(port, "/nothing-here");
  CHECK(missing.status == 404);
  CHECK(missing.body == R"({"error":{"code":"not_found","message":"nothing is served at /nothing-here"}})");
}

TEST_CASE("shared port: a path claimed twice is a config error naming both", "[e2e][http]") {
  PluginFolder plugins;
  TempDir dir;
  const auto file = dir.write("a.yaml", configPreamble(plugins.path()) +
                                            "sinks:\n"
                                            "  - plugin: probe\n    name: a\n    listen: 127.0.0.1:0\n"
                                            "  - plugin: probe\n    name: b\n    listen: 127.0.0.1:0\n");
  const auto result = runToCompletion({BuildPaths::binary().string(), "--check-config", "--config",
                                       file.string()});
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("sinks[1] (probe \"b\"): path: path '/probe' on "
                                     "127.0.0.1:0 is already served by sinks[0] (probe \"a\")"));
}

TEST_CASE("shared port: idle and half-sent connections never make a request wait",
          "[e2e][http]") {
  PluginFolder plugins;
  AirbridgeProcess process(configPreamble(plugins.path()) + kTwoProbes +
                           "http:\n  event_loops: 1\n  header_timeout: 2s\n");
  const int port = process.portAfter("http listening on ");
  // Many idle connections on one event loop: some silent, some with half a request head, some
  // with a whole keep-alive request they never read the answer of.
  std::vector<std::unique_ptr<ZettaFeed>> idle;
  for (int i = 0; i < 40; ++i) {
    auto connection = std::make_unique<ZettaFeed>(port);
    if (i % 3 == 1) connection->send("GET /ws HTTP/1.1\r\nHost: x\r\n");
    if (i % 3 == 2) connection->send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    idle.push_back(std::move(connection));
  }
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const auto reply = httpRequest(port, "GET", "/ws", {},
                                   {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}});
    CHECK(reply.status == 200);
    CHECK(std::chrono::steady_clock::now() - started < 1s);  // not behind a 2 s header timeout
  }
  // The half-sent heads are answered 408 at the header timeout and closed.
  CHECK(idle[1]->closedByServer(5s));
}

TEST_CASE("shared port: an oversized request head gets 431", "[e2e][http]") {
  PluginFolder plugins;
  AirbridgeProcess process(configPreamble(plugins.path()) + kTwoProbes);
  const int port = process.portAfter("http listening on ");
  ZettaFeed raw(port);
  raw.send("GET /ws HTTP/1.1\r\nX-Big: " + std::string(20000, 'a'));
  char buffer[256] = {};
  raw.socket().setReceiveTimeout(Poco::Timespan(5, 0));
  const int n = raw.socket().receiveBytes(buffer, sizeof buffer - 1);
  CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0u).starts_with("HTTP/1.1 431"));
}
