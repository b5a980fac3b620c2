// The Zetta source over real TCP (and HTTP POST) against the built binary; events are observed
// at a probe sink over the host's HTTP listener.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

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

TEST_CASE("zetta e2e: max_connections refuses the extra connection only", "[e2e][zetta]") {
  Rig rig("    listen: 127.0.0.1:0\n    max_connections: 1\n");
  ZettaFeed first(rig.zettaPort());
  first.send(zettaCase("song"));
  REQUIRE(rig.waitForEvents(1));
  ZettaFeed second(rig.zettaPort());
  CHECK(second.closedByServer(3s));
  CHECK(rig.process().waitForLog("max_connections (1) reached"));
  first.send(zettaCase("link"));
  CHECK(rig.waitForEvents(2));
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
