// The rds output against a test-side TCP listener standing in for the encoder: the exact bytes
// of each dialect, a reconnect after the encoder drops the link, and an encoder that is down
// costing nothing to the other sinks and logging once.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <thread>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// The encoder: accepts airbridge's connection and records what it is sent.
class FakeEncoder {
 public:
  FakeEncoder() : server_(Poco::Net::SocketAddress("127.0.0.1", 0)) {}
  int port() const { return server_.address().port(); }

  /// Accepts the next connection (airbridge connects on its first update).
  void accept() {
    REQUIRE(server_.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ));
    link_ = server_.acceptConnection();
  }
  /// Reads until `expected` bytes arrived (or 5 s passed) and returns them.
  std::string read(std::size_t expected) {
    std::string got;
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (got.size() < expected && std::chrono::steady_clock::now() < until) {
      if (!link_.poll(Poco::Timespan(0, 50'000), Poco::Net::Socket::SELECT_READ)) continue;
      char buffer[1024];
      const int n = link_.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }
  void drop() { link_.close(); }
  /// A hostile encoder: answers every byte with a flood of its own.
  void flood(std::size_t bytes) {
    const std::string junk(64 * 1024, 'Z');
    link_.setSendTimeout(Poco::Timespan(1, 0));  // once airbridge's buffers are full, stop
    try {
      for (std::size_t sent = 0; sent < bytes;) {
        sent += static_cast<std::size_t>(link_.sendBytes(junk.data(), static_cast<int>(junk.size())));
      }
    } catch (const Poco::Exception&) {
    }
  }

 private:
  Poco::Net::ServerSocket server_;
  Poco::Net::StreamSocket link_;
};

std::string config(int encoder_port, const std::string& rds_keys, const std::string& more_sinks = "") {
  return configPreamble() +
         "station:\n  name: KJHK 90.7 FM\n" +
         "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
         "sinks:\n  - plugin: rds\n    name: encoder\n" +
         fmt::format("    connect: 127.0.0.1:{}\n    retry_min: 50ms\n", encoder_port) + rds_keys +
         more_sinks;
}

std::uint64_t failedAttempts(const std::string& metrics) {
  const std::string name = "airbridge_output_deliveries_total{sink=\"encoder\",result=\"failed\"} ";
  const auto at = metrics.find(name);
  return at == std::string::npos ? 0 : std::stoull(metrics.substr(at + name.size()));
}

}  // namespace

TEST_CASE("rds e2e: inovonics_732 bytes for a song and a link, then again after a dropped link",
          "[e2e][rds]") {
  FakeEncoder encoder;
  AirbridgeProcess airbridge(config(encoder.port(), ""));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));

  feed.send(zettaCase("song"));
  encoder.accept();
  const std::string song = "SONGTITLE=Glass Harbor\rARTISTNAME=The Lowland Static\rDURATION=3:41\r";
  CHECK(encoder.read(song.size()) == song);

  feed.send(zettaCase("link"));
  const std::string link = "TEXT=KJHK 90.7 FM\rDURATION=0:09\r";
  CHECK(encoder.read(link.size()) == link);

  // The encoder restarts: the next update goes out on a new connection, in ASCII.
  encoder.drop();
  feed.send(zettaCase("current-and-next"));
  encoder.accept();
  const std::string next = "SONGTITLE=Uber den Wolken (Live)\rARTISTNAME=Kraftig & Sohne\rDURATION=4:02\r";
  CHECK(encoder.read(next.size()) == next);
}

TEST_CASE("rds e2e: ascii sends RadioText, DPS and RT+ tags", "[e2e][rds]") {
  FakeEncoder encoder;
  AirbridgeProcess airbridge(config(encoder.port(), "    dialect: ascii\n    rt_plus: true\n"));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  feed.send(zettaCase("song"));
  encoder.accept();
  const std::string expected =
      "TEXT=The Lowland Static - Glass Harbor\r"
      "DPS=The Lowland Static - Glass Harbor (Signals & Noise)\r"
      "RTP=1,21,11,4,0,17\r";
  CHECK(encoder.read(expected.size()) == expected);
}

TEST_CASE("rds e2e: SIGHUP changes the RadioText template in place, on the same link to the encoder",
          "[e2e][rds][reload]") {
  FakeEncoder encoder;
  const std::string before = config(encoder.port(), "    dialect: ascii\n");
  AirbridgeProcess airbridge(before);
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  feed.send(zettaDocument(500, "First", "Band"));
  encoder.accept();
  const std::string first = "TEXT=Band - First\rDPS=Band - First (Album)\r";
  REQUIRE(encoder.read(first.size()) == first);

  std::ofstream(airbridge.directory() / "airbridge.yaml")
      << config(encoder.port(), "    dialect: ascii\n    radiotext: \"{{title}} by {{artist}} on {{station}}\"\n");
  ::kill(airbridge.pid(), SIGHUP);
  REQUIRE(airbridge.waitForLog("updated in place: sink rds \"encoder\""));
  feed.send(zettaDocument(510, "Second", "Band"));
  // The same connection carries the new text: no reconnect, nothing else changed.
  const std::string second = "TEXT=Second by Band on KJHK 90.7 FM\rDPS=Band - Second (Album)\r";
  CHECK(encoder.read(second.size()) == second);
  CHECK_THAT(airbridge.log(), !Contains("restarting it"));
}

TEST_CASE("rds e2e: an encoder that is down costs the other sinks nothing and is logged once",
          "[e2e][rds]") {
  const int closedPort = unusedPort();  // every connect is refused
  PluginFolder plugins;
  const std::string yaml =
      configPreamble(plugins.path()) +
      "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
      "sinks:\n  - plugin: rds\n    name: encoder\n" +
      fmt::format("    connect: 127.0.0.1:{}\n    retry_min: 20ms\n    retry_max: 50ms\n", closedPort) +
      "  - plugin: probe\n    listen: 127.0.0.1:0\n"
      "  - plugin: http\n    listen: 127.0.0.1:0\n";  // for /metrics, on the same port
  AirbridgeProcess airbridge(yaml);
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  const int http = airbridge.portAfter("http listening on ");
  for (const char* name : {"song", "link", "current-and-next", "spot-block"}) feed.send(zettaCase(name));
  CHECK(eventually([&] { return countLines(httpGet(http, "/probe").body) >= 4; }, 3s));
  // The output keeps retrying (and counting) while the probe already has every event.
  CHECK(eventually([&] { return failedAttempts(httpGet(http, "/metrics").body) >= 3; }));
  std::this_thread::sleep_for(300ms);  // many failed attempts by now
  const std::string log = airbridge.log();
  INFO(log);
  std::size_t warnings = 0;
  for (auto at = log.find("retrying with backoff"); at != std::string::npos;
       at = log.find("retrying with backoff", at + 1)) {
    ++warnings;
  }
  CHECK(warnings == 1);  // the first failure of the streak; the rest only in /metrics (and debug)
  CHECK_THAT(log, Contains(fmt::format("the RDS encoder at 127.0.0.1:{}", closedPort)) &&
                      Contains("check connect:"));
}

TEST_CASE("rds e2e: over UDP, one datagram per command", "[e2e][rds]") {
  Poco::Net::DatagramSocket encoder(Poco::Net::SocketAddress("127.0.0.1", 0), true);
  const std::string yaml = configPreamble() +
      "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
      "sinks:\n  - plugin: rds\n    name: encoder\n" +
      fmt::format("    udp: 127.0.0.1:{}\n", encoder.address().port());
  AirbridgeProcess airbridge(yaml);
  ZettaFeed(airbridge.portAfter("listening for Zetta on ")).send(zettaCase("song"));
  std::vector<std::string> datagrams;
  while (datagrams.size() < 3 && encoder.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ)) {
    char buffer[512];
    const int n = encoder.receiveBytes(buffer, sizeof buffer);
    datagrams.emplace_back(buffer, static_cast<std::size_t>(n));
  }
  CHECK(datagrams == std::vector<std::string>{"SONGTITLE=Glass Harbor\r", "ARTISTNAME=The Lowland Static\r",
                                              "DURATION=3:41\r"});
}

TEST_CASE("rds e2e: an encoder flooding replies neither stalls the output nor grows it", "[e2e][rds]") {
  FakeEncoder encoder;
  AirbridgeProcess airbridge(config(encoder.port(), ""));
  ZettaFeed feed(airbridge.portAfter("listening for Zetta on "));
  feed.send(zettaCase("song"));
  encoder.accept();
  const std::string song = "SONGTITLE=Glass Harbor\rARTISTNAME=The Lowland Static\rDURATION=3:41\r";
  CHECK(encoder.read(song.size()) == song);
  const std::size_t before = airbridge.residentBytes();
  std::thread flooder([&] { encoder.flood(2 * 1024 * 1024); });  // far more than one drain takes
  feed.send(zettaCase("link"));
  const std::string link = "TEXT=KJHK 90.7 FM\rDURATION=0:09\r";
  CHECK(encoder.read(link.size()) == link);
  flooder.join();
  CHECK(airbridge.residentBytes() < before + 16 * 1024 * 1024);
}
