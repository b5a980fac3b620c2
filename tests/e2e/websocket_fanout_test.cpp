// Fan-out behaviour: slow clients, limits, the legacy profile and per-sink options.

#include "support/websocket_rig.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("websocket fan-out: a client that stops reading is closed with 4010; others get "
          "every event", "[e2e][websocket]") {
  WebsocketRig rig("  - plugin: websocket\n    listen: 127.0.0.1:0\n    max_queued_bytes: 65536\n");
  auto [stalled, r1] = rig.subscribed();
  stalled->setReceiveBuffer(64 * 1024);  // small, but big enough to drain fast once it reads
  auto [healthy, r2] = rig.subscribed();
  const std::string longTitle(3000, 't');
  const int events = 2500;  // about 7.7 MB per client: more than the kernel buffers hold
  std::thread sender([&] {
    for (int i = 0; i < events; ++i) rig.send(zettaDocument(10'000 + i * 2, fmt::format("{} {}", longTitle, i)));
  });
  // The stalled phone wakes up as soon as the server gives up on it, reads what was already on
  // its way, and finds the 4010 close frame after it.
  std::optional<std::uint16_t> stalledClose;
  std::thread phone([&] {
    if (rig.process().waitForLog("with 4010: ", 60s)) stalledClose = stalled->waitForClose(30s);
  });
  int received = 0;
  int lastS = 0;
  while (received < events) {
    auto text = healthy->receiveText(10s);
    if (!text) break;
    auto message = WebsocketRig::parse(*text);
    CHECK(message->getValue<int>("s") == lastS + 1);
    lastS = message->getValue<int>("s");
    ++received;
  }
  sender.join();
  phone.join();
  CHECK(received == events);
  CHECK(stalledClose == 4010);
}

TEST_CASE("websocket fan-out: connection limits and the Origin allow list", "[e2e][websocket]") {
  WebsocketRig rig(
      "  - plugin: websocket\n    listen: 127.0.0.1:0\n    max_connections: 3\n"
      "    max_connections_per_ip: 2\n    allowed_origins: [\"https://kjhk.org\"]\n");
  const std::map<std::string, std::string> origin{{"Origin", "https://kjhk.org"}};
  CHECK(WsTestClient::tryHandshake(rig.port(), "/ws", {{"Origin", "https://evil.example"}}).first == 403);
  CHECK(WsTestClient::tryHandshake(rig.port(), "/ws").first == 403);  // no Origin at all
  auto a = rig.connect("/ws", origin);
  auto b = rig.connect("/ws", origin);
  CHECK(WsTestClient::tryHandshake(rig.port(), "/ws", origin).first == 429);  // third from 127.0.0.1
  a.reset();  // a slot frees when a client leaves
  CHECK(eventually([&] {
    auto [status, head] = WsTestClient::tryHandshake(rig.port(), "/ws", origin);
    return status == 101;
  }));
}

TEST_CASE("websocket fan-out: total max_connections answers 503", "[e2e][websocket]") {
  WebsocketRig rig("  - plugin: websocket\n    listen: 127.0.0.1:0\n    max_connections: 1\n");
  auto a = rig.connect();
  const auto [status, head] = WsTestClient::tryHandshake(rig.port(), "/ws");
  CHECK(status == 503);
  CHECK_THAT(head, Contains("max_connections (1)") && Contains("Retry-After: 5"));
}

TEST_CASE("websocket legacy: the KJHK app's path, query and message shape", "[e2e][websocket]") {
  WebsocketRig rig(
      "  - plugin: websocket\n    name: legacy\n    profile: legacy\n    listen: 127.0.0.1:0\n"
      "  - plugin: websocket\n    name: v1\n    listen: 127.0.0.1:0\n");
  rig.send(zettaCase("kjhk-production"));
  rig.waitPublished("Pumpkin", "/api/?target=metadata");
  auto app = rig.connect("/api/?target=metadata");
  // The latest track right after connecting, exactly in the old gateway's shape.
  CHECK(app->receiveText() ==
        R"({"track":"Pumpkin","type":"SONG","album":"Scream from New York, NY","artist":"Been Stellar",)"
        R"("length":257920,"timestampUTC":"2024-07-09T21:00:35Z"})");
  rig.send(zettaCase("link"));
  CHECK(app->receiveText() ==
        R"({"track":"Legal ID Top of Hour","type":"LINK","album":"","artist":"","length":9350,)"
        R"("timestampUTC":"2026-09-14T19:06:53Z"})");
  CHECK(WsTestClient::tryHandshake(rig.port(), "/api/?target=weather").first == 400);
  CHECK(WsTestClient::tryHandshake(rig.port(), "/api/").first == 400);
}

TEST_CASE("websocket options: kinds, filters and next: false", "[e2e][websocket]") {
  WebsocketRig rig(
      "  - plugin: websocket\n    listen: 127.0.0.1:0\n    kinds: [song]\n    next: false\n"
      "    filters:\n      - field: title\n        match: \"^Jingle\"\n        action: skip\n"
      "      - field: artist\n        match: \"secret\"\n        action: clear\n");
  auto [client, ready] = rig.subscribed();
  rig.send(zettaDocument(20, "Station ID", "", "LINK"));       // kind filtered
  rig.send(zettaDocument(30, "Jingle Bells", "Choir"));        // title filtered
  rig.send(zettaDocument(40, "Hidden", "Top Secret Band"));    // cleared
  rig.send(zettaDocument(50, "Shown", "Open Band"));
  auto cleared = WebsocketRig::parse(client->receiveText().value());
  CHECK(cleared->getValue<int>("s") == 3);
  CHECK(cleared->getObject("d")->getValue<std::string>("title").empty());
  CHECK(cleared->getObject("d")->getValue<std::string>("artist").empty());
  auto shown = WebsocketRig::parse(client->receiveText().value());
  CHECK(shown->getObject("d")->getValue<std::string>("title") == "Shown");
  CHECK(shown->getObject("d")->getArray("next")->size() == 0);  // next: false
}

TEST_CASE("websocket options: delay publishes late, by the configured amount", "[e2e][websocket]") {
  WebsocketRig rig("  - plugin: websocket\n    listen: 127.0.0.1:0\n    delay: 1500ms\n");
  auto [client, ready] = rig.subscribed();
  const auto sent = std::chrono::steady_clock::now();
  rig.send(zettaDocument(60, "Delayed"));
  CHECK_FALSE(client->receiveText(1s));  // not yet
  auto text = client->receiveText(3s);
  REQUIRE(text);
  CHECK_THAT(*text, Contains("Delayed"));
  CHECK(std::chrono::steady_clock::now() - sent >= 1500ms);
}
