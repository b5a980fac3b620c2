// The Zetta source over real TCP (and HTTP POST) against the built binary; events are observed
// at a probe sink over the host's HTTP listener.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"
#include "support/raw_connection.hpp"

#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

class Rig {
 public:
  explicit Rig(const std::string& zetta_keys, const std::string& extra_sinks = "") {
    process_ = std::make_unique<AirbridgeProcess>(
        configPreamble(pluginDir_.path()) + "sources:\n  - plugin: zetta\n    name: studio\n" +
        zetta_keys + "sinks:\n  - plugin: probe\n    listen: 127.0.0.1:0\n" + extra_sinks);
  }

  AirbridgeProcess& process() { return *process_; }
  int zettaPort() { return process_->portAfter("listening for Zetta on "); }
  int httpPort() { return process_->portAfter("http listening on "); }
  std::string events() { return httpGet(httpPort(), "/probe").body; }
  std::size_t eventCount() { return countLines(events()); }
  bool waitForEvents(std::size_t n, std::chrono::milliseconds deadline = 5s) {
    return eventually([&] { return eventCount() >= n; }, deadline);
  }

 private:
  PluginFolder pluginDir_;
  std::unique_ptr<AirbridgeProcess> process_;
};

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("zetta e2e: a document in, the normalized event out at a sink", "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n");
  ZettaFeed feed(rig.zettaPort());
  feed.send(zettaCase("song"));
  REQUIRE(rig.waitForEvents(1));
  const std::string events = rig.events();
  CHECK_THAT(events, Contains(R"("origin":"test-node","sequence":1)"));
  CHECK_THAT(events, Contains(R"("id":"zetta:studio:2208811","kind":"song")"));
  CHECK_THAT(events, Contains(R"("title":"Glass Harbor","artist":"The Lowland Static")"));
  CHECK_THAT(events, Contains(R"("duration_ms":221480,"started_at":"2026-09-14T19:03:12Z")"));
  const std::string state = httpGet(rig.httpPort(), "/probe/state").body;
  CHECK_THAT(state, Contains(R"("now":{"origin":"test-node","sequence":1)"));
}

TEST_CASE("zetta e2e: the same announcement twice is published once", "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n");
  ZettaFeed feed(rig.zettaPort());
  feed.send(zettaCase("song") + zettaCase("song"));
  feed.send(zettaCase("link"));
  REQUIRE(rig.waitForEvents(2));
  REQUIRE(rig.process().waitForLog("duplicate announcement dropped"));
  CHECK(rig.eventCount() == 2);
  CHECK_THAT(rig.events(), Contains(R"("sequence":2,)") && Contains("Legal ID Top of Hour"));
}

TEST_CASE("zetta e2e: garbage, a truncated document and an entity bomb cost only themselves",
          "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n");
  ZettaFeed feed(rig.zettaPort());
  const std::string song = zettaCase("song");
  feed.send("NOT XML AT ALL\r\n");
  feed.send(song.substr(0, 200));  // cut short by the next document
  feed.send(zettaCase("link"));
  feed.send("<?xml version=\"1.0\"?><!DOCTYPE z [<!ENTITY a \"aaaaaaaaaa\">]><ZettaLite>&a;</ZettaLite>");
  feed.send(zettaCase("spot-block"));
  REQUIRE(rig.waitForEvents(2));
  const std::string events = rig.events();
  CHECK_THAT(events, Contains("Legal ID Top of Hour") && Contains("Underwriting - Campus Bookstore"));
  const std::string log = rig.process().log();
  CHECK_THAT(log, Contains("skipped 16 byte(s) that are not a ZettaLite document: \"NOT XML AT ALL"));
  CHECK_THAT(log, Contains("a document was cut short by the next one"));
  CHECK_THAT(log, Contains("rejected a document: the document has a DTD"));
  // Still the same connection: one more document goes through it.
  feed.send(zettaCase("kjhk-production"));
  REQUIRE(rig.waitForEvents(3));
  CHECK_THAT(rig.process().log(), !Contains("closed the connection"));
}

TEST_CASE("zetta e2e: the simulator's random chunks arrive as whole events", "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n");
  const auto result = runToCompletion(
      {BuildPaths::simulator().string(), "--to", fmt::format("127.0.0.1:{}", rig.zettaPort()),
       "--interval", "10ms", "--chunks", (BuildPaths::zettaCases() / "song/input.xml").string(),
       (BuildPaths::zettaCases() / "current-and-next/input.xml").string(),
       (BuildPaths::zettaCases() / "spot-block/input.xml").string()});
  REQUIRE(result.exit_code == 0);
  REQUIRE(rig.waitForEvents(3));
  const std::string events = rig.events();
  CHECK_THAT(events, Contains("Glass Harbor") && Contains("Paper Moons") &&
                         Contains("PSA - Food Pantry"));
}

TEST_CASE("zetta e2e: a silent connection is closed after idle_timeout", "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n    idle_timeout: 300ms\n");
  ZettaFeed feed(rig.zettaPort());
  feed.send(zettaCase("song"));
  REQUIRE(rig.waitForEvents(1));
  CHECK(feed.closedByServer(3s));
  CHECK(rig.process().waitForLog("nothing received for 300ms; presumed dead, Zetta will reconnect"));
  // Zetta reconnects and carries on.
  ZettaFeed again(rig.zettaPort());
  again.send(zettaCase("link"));
  CHECK(rig.waitForEvents(2));
}

TEST_CASE("zetta e2e: a peer outside allow is refused and logged once", "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n    allow: [10.0.0.0/8]\n");
  const int port = rig.zettaPort();
  for (int i = 0; i < 3; ++i) {
    ZettaFeed feed(port);
    try {
      feed.send(zettaCase("song"));
    } catch (const Poco::Exception&) {
      // the refusal may already have reset the connection
    }
    CHECK(feed.closedByServer(3s));
  }
  REQUIRE(rig.process().waitForLog("refused Zetta connection from 127.0.0.1"));
  const std::string log = rig.process().log();
  std::size_t mentions = 0;
  for (auto at = log.find("refused Zetta connection"); at != std::string::npos;
       at = log.find("refused Zetta connection", at + 1)) {
    ++mentions;
  }
  CHECK(mentions == 1);
  CHECK(rig.eventCount() == 0);
}

TEST_CASE("zetta e2e: idle sockets holding every slot cannot lock the real Zetta out",
          "[e2e][zetta][attack]") {
  // The defaults a station runs: max_connections 8, idle_timeout 10m.
  Rig rig("    listen: 127.0.0.1:0\n", "  - plugin: http\n    listen: 127.0.0.1:0\n");
  std::vector<std::unique_ptr<ZettaFeed>> idle;
  for (int i = 0; i < 8; ++i) idle.push_back(std::make_unique<ZettaFeed>(rig.zettaPort()));
  REQUIRE(eventually([&] { return occurrences(rig.process().log(), "Zetta connected from") == 8; }));
  auto zetta = std::make_unique<ZettaFeed>(rig.zettaPort());
  zetta->send(zettaCase("song"));
  REQUIRE(rig.waitForEvents(1));
  CHECK(rig.process().waitForLog("to make room for 127.0.0.1:"));
  CHECK(rig.process().waitForLog("(no document yet, silent for "));
  // One idle socket made room (the log said so before this); the others are still open.
  std::size_t closed = 0;
  for (auto& socket : idle) closed += socket->closedByServer(300ms) ? 1 : 0;
  CHECK(closed == 1);
  // More idle sockets keep arriving: each closes another one that never sent anything, never
  // the Zetta that did, although it is now the one silent longest.
  for (int i = 0; i < 3; ++i) idle.push_back(std::make_unique<ZettaFeed>(rig.zettaPort()));
  const auto evicted = [&](int n) {
    return httpGet(rig.httpPort(), "/metrics").body.find(
               fmt::format("airbridge_zetta_connections_total{{source=\"studio\",result=\"evicted\"}} {}\n", n)) !=
           std::string::npos;
  };
  REQUIRE(eventually([&] { return evicted(4); }));
  // Said once: a churn of connections does not flood the log.
  CHECK(occurrences(rig.process().log(), "to make room for") == 1);
  zetta->send(zettaCase("link"));
  REQUIRE(rig.waitForEvents(2));
  // A network blip: Zetta's connection is gone, an idle socket took the free slot, Zetta comes back.
  zetta.reset();
  REQUIRE(eventually([&] { return occurrences(rig.process().log(), "closed the connection") >= 1; }));
  idle.push_back(std::make_unique<ZettaFeed>(rig.zettaPort()));
  ZettaFeed back(rig.zettaPort());
  back.send(zettaCase("spot-block"));
  CHECK(rig.waitForEvents(3));
  CHECK(eventually([&] { return evicted(5); }));
}

TEST_CASE("zetta e2e: connect mode reconnects after the far end drops", "[e2e][zetta]") {
  Poco::Net::ServerSocket relay(Poco::Net::SocketAddress("127.0.0.1", 0));
  Rig rig(fmt::format("    connect: 127.0.0.1:{}\n    reconnect_min: 50ms\n    reconnect_max: 200ms\n",
                      relay.address().port()));
  relay.setReceiveTimeout(Poco::Timespan(10, 0));
  {
    Poco::Net::StreamSocket link = relay.acceptConnection();
    const std::string song = zettaCase("song");
    link.sendBytes(song.data(), static_cast<int>(song.size()));
    REQUIRE(rig.waitForEvents(1));
  }  // the relay drops the link
  Poco::Net::StreamSocket again = relay.acceptConnection();
  const std::string link = zettaCase("link");
  again.sendBytes(link.data(), static_cast<int>(link.size()));
  CHECK(rig.waitForEvents(2));
  CHECK(rig.process().waitForLog("closed the connection; reconnecting"));
}

TEST_CASE("zetta e2e: HTTP POST intake answers with what it did", "[e2e][zetta]") {
  Rig rig("    http_listen: 127.0.0.1:0\n    max_document_size: 4KiB\n");
  const int port = rig.process().portAfter("accepting Zetta POSTs on http://");
  auto ok = httpRequest(port, "POST", "/zetta", zettaCase("song") + zettaCase("link"));
  CHECK(ok.status == 200);
  CHECK(ok.body == R"({"published":2,"duplicates":0,"empty":0,"rejected":0})");
  REQUIRE(rig.waitForEvents(2));
  auto again = httpRequest(port, "POST", "/zetta", zettaCase("song"));
  CHECK(again.body == R"({"published":0,"duplicates":1,"empty":0,"rejected":0})");
  CHECK(httpRequest(port, "POST", "/zetta", "hello").status == 400);
  CHECK(httpRequest(port, "GET", "/zetta").status == 405);
  CHECK(httpRequest(port, "POST", "/other", zettaCase("song")).status == 404);
  CHECK(httpRequest(port, "POST", "/zetta", std::string(5000, 'x')).status == 413);
}

TEST_CASE("zetta e2e: HTTP POST intake with a secret; slow clients hold only themselves",
          "[e2e][zetta][attack]") {
  Rig rig("    http_listen: 127.0.0.1:0\n    secret: 5f1c0e7a9b3d42e8a61c\n");
  const int port = rig.process().portAfter("accepting Zetta POSTs on http://");
  CHECK(rig.process().waitForLog("/zetta (with Authorization: Bearer)"));
  const auto none = httpRequest(port, "POST", "/zetta", zettaCase("song"));
  CHECK(none.status == 401);
  CHECK(none.headers.at("WWW-Authenticate") == "Bearer realm=\"airbridge zetta\"");
  CHECK(httpRequest(port, "POST", "/zetta", zettaCase("song"), {{"Authorization", "Bearer 5f1c0e7a9b3d42e8a61d"}}).status == 401);
  CHECK(httpRequest(port, "POST", "/zetta", zettaCase("song"), {{"Authorization", "Basic 5f1c0e7a9b3d42e8a61c"}}).status == 401);
  CHECK(rig.eventCount() == 0);

  // Slow clients: heads trickled, a body promised and never sent, a connection never used.
  // Each once held one of four worker threads; now each holds only its own connection.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port));
    if (i % 3 == 0) slow.back()->send("POST /zetta HTTP/1.1\r\nHost: a\r\nAuthorization: Bea");
    if (i % 3 == 1) slow.back()->send("POST /zetta HTTP/1.1\r\nHost: a\r\nContent-Length: 900\r\n\r\n<ZettaLite");
  }
  const auto started = std::chrono::steady_clock::now();
  const auto ok = httpRequest(port, "POST", "/zetta", zettaCase("song"), {{"Authorization", "Bearer 5f1c0e7a9b3d42e8a61c"}});
  CHECK(ok.status == 200);
  CHECK(ok.body == R"({"published":1,"duplicates":0,"empty":0,"rejected":0})");
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK(rig.waitForEvents(1));
}

TEST_CASE("zetta e2e: a way in open beyond loopback with no allow list or secret is a warning at start",
          "[e2e][zetta]") {
  {
    Rig open("    listen: 0.0.0.0:0\n    http_listen: 0.0.0.0:0\n");
    REQUIRE(open.process().waitForLog("accepting Zetta POSTs"));
    CHECK(open.process().waitForLog("Zetta listen 0.0.0.0:0 is open to anyone who reaches it, and whoever "
                                    "connects sets now playing: add allow: [the Zetta machine's address], or "
                                    "listen on 127.0.0.1 behind a tunnel"));
    CHECK(open.process().waitForLog("Zetta http_listen 0.0.0.0:0 takes POSTs from anyone who reaches it: add "
                                    "secret: (sent as Authorization: Bearer) or allow: [the senders' addresses]"));
  }
  // Locked down each way: an allow list, a secret, loopback. No warning.
  for (const char* keys : {"    listen: 0.0.0.0:0\n    allow: [10.0.0.5]\n",
                           "    http_listen: 0.0.0.0:0\n    secret: 5f1c0e7a9b3d42e8a61c\n",
                           "    listen: 127.0.0.1:0\n    http_listen: 127.0.0.1:0\n"}) {
    INFO(keys);
    Rig locked(keys);
    REQUIRE(locked.process().waitForLog("running"));
    CHECK_THAT(locked.process().log(), !Contains("open to anyone") && !Contains("from anyone"));
  }
}

TEST_CASE("zetta e2e: a short secret, or one without http_listen, is a config error", "[e2e][zetta][cli]") {
  TempDir dir;
  const auto config = dir.write("secret.yaml", configPreamble() +
                                                   "sources:\n"
                                                   "  - plugin: zetta\n    name: a\n    http_listen: 127.0.0.1:0\n    secret: hunter2\n"
                                                   "  - plugin: zetta\n    name: b\n    listen: 127.0.0.1:0\n    secret: 5f1c0e7a9b3d42e8a61c\n");
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Contains("secret: is 7 characters; use at least 16 random ones"));
  CHECK_THAT(result.output, Contains("secret: guards only the HTTP POST intake; add http_listen or remove it"));
}
