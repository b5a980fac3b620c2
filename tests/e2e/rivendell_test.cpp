// The rivendell source against the built binary and a test TCP server that stands in for
// Rivendell's PAD service (the real one needs a whole Rivendell install): updates split at every
// byte, several in one write, pypad's blank-line separators, another log machine, garbage and an
// oversized update, then a dropped link that airbridge dials again.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <thread>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// A PAD update as Rivendell's service writes it: pretty-printed, `now` and `next`.
std::string padUpdate(int machine, int line, const std::string& title, const std::string& group = "MUSIC") {
  return fmt::format(R"({{
    "padUpdate": {{
        "dateTime": "2026-09-14T15:03:12-04:00",
        "hostName": "onair1.kjhk.org",
        "shortHostName": "onair1",
        "machine": {},
        "onairFlag": true,
        "mode": "Automatic",
        "service": {{ "name": "Production", "description": "KJHK {{main}}", "programCode": "" }},
        "log": {{ "name": "2026_09_14" }},
        "now": {{
            "startDateTime": "2026-09-14T15:03:12-04:00",
            "lineNumber": {},
            "lineId": {},
            "cartNumber": 10{},
            "cartType": "Audio",
            "cutNumber": 1,
            "length": 221480,
            "year": 2026,
            "groupName": "{}",
            "title": "{}",
            "artist": "The Lowland \"Static\"",
            "album": "Signals & Noise",
            "description": "brace }} inside a string {{"
        }},
        "next": {{
            "startDateTime": null,
            "cartNumber": 20{},
            "cartType": "Audio",
            "length": 60000,
            "groupName": "MUSIC",
            "title": "Up Next",
            "artist": "Later Band"
        }}
    }}
}})", machine, line, line, line, group, title, line);
}

Poco::Net::StreamSocket acceptWithin(Poco::Net::ServerSocket& server, Poco::Timespan wait) {
  if (!server.poll(wait, Poco::Net::Socket::SELECT_READ)) throw std::runtime_error("airbridge never connected");
  auto socket = server.acceptConnection();
  socket.setNoDelay(true);
  return socket;
}

void sendAll(Poco::Net::StreamSocket& socket, const std::string& bytes) {
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace

TEST_CASE("rivendell e2e: PAD updates split at every byte, back to back, filtered by log machine; the link is dialled again",
          "[e2e][rivendell]") {
  Poco::Net::ServerSocket pad(Poco::Net::SocketAddress("127.0.0.1", 0));
  PluginFolder plugins;
  AirbridgeProcess process(
      configPreamble(plugins.path()) + fmt::format(
      "sources:\n  - plugin: rivendell\n    name: rivendell\n    connect: 127.0.0.1:{}\n"
      "    log_machine: 1\n    reconnect_min: 100ms\n    reconnect_max: 200ms\n    max_document_size: 8192\n"
      "sinks:\n  - plugin: probe\n    listen: 127.0.0.1:0\n", pad.address().port()));
  const int port = process.portAfter("http listening on ");
  auto events = [&] { return httpGet(port, "/probe").body; };
  auto count = [&] { return countLines(events()); };

  auto link = acceptWithin(pad, Poco::Timespan(5, 0));
  // One update, one byte per write: every split point of the stream.
  const std::string first = padUpdate(1, 11, "Glass Harbor");
  for (char c : first) {
    sendAll(link, std::string(1, c));
  }
  REQUIRE(eventually([&] { return count() == 1; }));
  const std::string one = events();
  CHECK_THAT(one, Contains(R"("id":"rivendell:rivendell:11","kind":"song")"));
  CHECK_THAT(one, Contains(R"("title":"Glass Harbor","artist":"The Lowland \"Static\"","album":"Signals & Noise")"));
  CHECK_THAT(one, Contains(R"("duration_ms":221480,"started_at":"2026-09-14T19:03:12Z")"));
  CHECK_THAT(one, Contains(R"("source":"rivendell","external_ids":{"rivendell_cart":"1011"})"));
  CHECK_THAT(one, Contains(R"("next":[{)"));
  CHECK_THAT(one, Contains(R"("title":"Up Next","artist":"Later Band")"));

  // Then, in one write: another machine's update (ignored), pypad's blank-line separators,
  // garbage between objects, an object that is not a PAD update, an oversized update, and two
  // good ones (a station ID and a song), the second split across two writes.
  const std::string batch = padUpdate(2, 12, "Aux Only") + "\r\n\r\n" + "junk between" +
                            R"({"hello":"not pad"})" + "\r\n" +
                            R"({"padUpdate":{"machine":1,"now":{"title":")" + std::string(9000, 'x') + "\"}}}" +
                            padUpdate(1, 13, "KJHK Legal ID", "LEGAL") + padUpdate(1, 14, "Third Song");
  sendAll(link, batch.substr(0, batch.size() - 40));
  std::this_thread::sleep_for(100ms);
  sendAll(link, batch.substr(batch.size() - 40));
  REQUIRE(eventually([&] { return count() == 3; }));
  std::this_thread::sleep_for(300ms);
  const std::string three = events();
  CHECK(count() == 3);
  CHECK_THAT(three, !Contains("Aux Only"));
  CHECK_THAT(three, !Contains("xxxxxxxx"));
  CHECK_THAT(three, Contains(R"("kind":"link","type":"Audio","title":"KJHK Legal ID")"));
  CHECK_THAT(three, Contains(R"("title":"Third Song")"));
  CHECK(process.waitForLog("an update over max_document_size (8192 bytes) was dropped"));
  CHECK(process.waitForLog("an update was not read: not a PAD update (no padUpdate.machine)"));

  // The service restarts: airbridge dials again (backoff 100 ms) and reads on.
  link.close();
  auto again = acceptWithin(pad, Poco::Timespan(5, 0));
  CHECK(process.waitForLog("Rivendell's PAD service at 127.0.0.1:"));
  CHECK(process.waitForLog("closed the connection; reconnecting"));
  sendAll(again, padUpdate(1, 15, "After Restart"));
  REQUIRE(eventually([&] { return count() == 4; }));
  CHECK_THAT(events(), Contains(R"("title":"After Restart")"));
  // A silent service holds nothing: SIGTERM still stops airbridge at once.
  CHECK(process.stop(SIGTERM, 3s) == 0);
}
