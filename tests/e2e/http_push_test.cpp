// The http_push source against the built binary: every push format with a good and a wrong
// secret, each playout system's set-up from plugins/http_push/README.md replayed as that system
// sends it, unmappable bodies, and failover from a Zetta primary to an http_push backup.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"
#include "support/raw_connection.hpp"

#include <airbridge/time_text.hpp>

#include <Poco/Base64Encoder.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <sstream>
#include <thread>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

const std::string kSecret = "9c4f1e2a7b3d5c6e8f0a1b2c";
const std::map<std::string, std::string> kBearer{{"Authorization", "Bearer " + kSecret}};

std::map<std::string, std::string> withType(std::string type, std::map<std::string, std::string> headers = kBearer) {
  headers["Content-Type"] = std::move(type);
  return headers;
}

std::string basic(const std::string& user, const std::string& password) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder << user << ':' << password;
  encoder.close();
  return "Basic " + out.str();
}

/// Every set-up of the README, each its own instance on the probe's listener.
class PushRig {
 public:
  PushRig() {
    const std::string source = "  - plugin: http_push\n    listen: 127.0.0.1:0\n";
    process_ = std::make_unique<AirbridgeProcess>(
        configPreamble(plugins_.path()) + "sources:\n" +
        source + "    name: push\n    path: /push\n    secret: " + kSecret + "\n" +
        source + "    name: playit\n    path: /push/playit\n    secret: " + kSecret +
        "\n    allow_query_secret: true\n    allow: [127.0.0.1]\n" +
        source + "    name: mairlist\n    path: /push/mairlist\n    secret: " + kSecret +
        "\n    allow_query_secret: true\n    allow: [127.0.0.1]\n" +
        source + "    name: liquidsoap\n    path: /push/liquidsoap\n    secret: " + kSecret + "\n" +
        source + "    name: azuracast\n    path: /push/azuracast\n    secret: " + kSecret +
        "\n    fields:\n      id: now_playing.sh_id\n      title: now_playing.song.title\n"
        "      artist: now_playing.song.artist\n      album: now_playing.song.album\n"
        "      duration: now_playing.duration\n      started_at: now_playing.played_at\n" +
        source + "    name: xml\n    path: /push/xml\n    allow: [127.0.0.1]\n    secret: " + kSecret + "\n    fields:\n"
        "      title: NowPlaying/Track/Title\n      artist: NowPlaying/Track/@artist\n"
        "      duration: NowPlaying/Track/Length\n      kind: NowPlaying/Track/@type\n" +
        "sinks:\n  - plugin: probe\n    listen: 127.0.0.1:0\n  - plugin: http\n    listen: 127.0.0.1:0\n");
    port_ = process_->portAfter("http listening on ");
    if (!process_->waitForLog("running")) throw std::runtime_error(process_->log());
  }
  int port() const { return port_; }
  AirbridgeProcess& process() { return *process_; }
  std::string events() { return httpGet(port_, "/probe").body; }
  std::size_t count() { return countLines(events()); }
  /// The newest event's JSON once `n` are there.
  std::string waitForEvent(std::size_t n) {
    if (!eventually([&] { return count() >= n; })) throw std::runtime_error("no event " + std::to_string(n) + "\n" + process_->log());
    const std::string all = events();
    const auto lines = all.substr(0, all.size() - 1);
    return lines.substr(lines.rfind('\n') == std::string::npos ? 0 : lines.rfind('\n') + 1);
  }

 private:
  PluginFolder plugins_;
  std::unique_ptr<AirbridgeProcess> process_;
  int port_ = 0;
};

}  // namespace

TEST_CASE("http_push e2e: GET query, form, JSON and XML, each with a good and a wrong secret",
          "[e2e][http_push]") {
  PushRig rig;
  const int port = rig.port();
  const std::map<std::string, std::string> wrong{{"Authorization", "Bearer 9c4f1e2a7b3d5c6e8f0a1b2d"}};

  // GET query.
  const std::string query = "/push?title=Glass+Harbor&artist=The%20Lowland%20Static&duration=221&kind=music";
  const auto refused = httpRequest(port, "GET", query, "", wrong);
  CHECK(refused.status == 401);
  CHECK_THAT(refused.body, Contains("the secret is wrong; nothing was published"));
  CHECK(httpRequest(port, "GET", query).status == 401);
  CHECK(rig.count() == 0);
  const auto ok = httpRequest(port, "GET", query, "", kBearer);
  CHECK(ok.status == 200);
  CHECK(ok.body == R"({"accepted":true,"published":true})");
  std::string event = rig.waitForEvent(1);
  CHECK_THAT(event, Contains(R"("kind":"song","type":"music","title":"Glass Harbor","artist":"The Lowland Static")"));
  CHECK_THAT(event, Contains(R"("duration_ms":221000)"));
  CHECK_THAT(event, Contains(R"("source":"push")"));
  // The same push again while the track plays: a duplicate, not a second event.
  CHECK(httpRequest(port, "GET", query, "", kBearer).body == R"({"accepted":true,"published":false})");

  // Form POST, X-Airbridge-Secret.
  const std::string form = "title=Second+Song&artist=Caf%C3%A9+Tacvba&album=Re&duration=3%3A05";
  CHECK(httpRequest(port, "POST", "/push", form, withType("application/x-www-form-urlencoded", wrong)).status == 401);
  CHECK(httpRequest(port, "POST", "/push", form,
                    withType("application/x-www-form-urlencoded", {{"X-Airbridge-Secret", kSecret}})).status == 200);
  event = rig.waitForEvent(2);
  CHECK_THAT(event, Contains(R"("title":"Second Song","artist":"Café Tacvba","album":"Re")"));
  CHECK_THAT(event, Contains(R"("duration_ms":185000)"));

  // JSON with its own start time and id.
  const std::string json = R"({"id":"77","title":"Third","artist":"A","started_at":"2026-09-14T19:03:12Z","duration":"200"})";
  CHECK(httpRequest(port, "POST", "/push", json, withType("application/json", wrong)).status == 401);
  CHECK(httpRequest(port, "POST", "/push", json, withType("application/json; charset=utf-8")).status == 200);
  event = rig.waitForEvent(3);
  CHECK_THAT(event, Contains(R"("id":"http_push:push:77")"));
  CHECK_THAT(event, Contains(R"("started_at":"2026-09-14T19:03:12Z")"));

  // XML (an instance that wants its allow list and its secret), an attribute and an element.
  const std::string xml = R"(<?xml version="1.0"?><NowPlaying><Track artist="Björk" type="jingle"><Title>Station ID</Title><Length>0:08</Length></Track></NowPlaying>)";
  CHECK(httpRequest(port, "POST", "/push/xml", xml, withType("application/xml", wrong)).status == 401);
  CHECK(httpRequest(port, "POST", "/push/xml", xml, withType("application/xml")).status == 200);
  event = rig.waitForEvent(4);
  CHECK_THAT(event, Contains(R"("kind":"link","type":"jingle","title":"Station ID","artist":"Björk")"));
  CHECK_THAT(event, Contains(R"("duration_ms":8000)"));

  // A secret in the URL where it is not allowed.
  const auto inUrl = httpRequest(port, "GET", "/push?title=X&secret=" + kSecret);
  CHECK(inUrl.status == 401);
  CHECK_THAT(inUrl.body, Contains("a secret in the URL is refused"));
  CHECK(rig.count() == 4);
  CHECK(rig.process().waitForLog("push from 127.0.0.1 refused: the secret is wrong (said at most once a minute)"));
  CHECK_THAT(httpGet(port, "/metrics").body,
             Contains(R"(airbridge_push_requests_total{source="push",result="unauthorized"} 5)"));
}

TEST_CASE("http_push e2e: the README's set-ups as each playout system sends them", "[e2e][http_push]") {
  PushRig rig;
  const int port = rig.port();
  // PlayIt Live: a GET URL with the secret in it, as filled in.
  CHECK(httpRequest(port, "GET", "/push/playit?title=Glass%20Harbor&artist=The%20Lowland%20Static&duration=03:41&secret=" + kSecret).status == 200);
  std::string event = rig.waitForEvent(1);
  CHECK_THAT(event, Contains(R"("title":"Glass Harbor","artist":"The Lowland Static")"));
  CHECK_THAT(event, Contains(R"("duration_ms":221000)"));
  CHECK(httpRequest(port, "GET", "/push/playit?title=X&secret=wrong" + kSecret).status == 401);

  // mAirList: %a, %b and %l filled in (duration in seconds with fractions).
  CHECK(httpRequest(port, "GET", "/push/mairlist?artist=Bj%C3%B6rk&title=J%C3%B3ga&duration=305.64&secret=" + kSecret).status == 200);
  event = rig.waitForEvent(2);
  CHECK_THAT(event, Contains(R"("title":"Jóga","artist":"Björk")"));
  CHECK_THAT(event, Contains(R"("duration_ms":305640)"));

  // Liquidsoap: json.stringify of the record in the README.
  const std::string liquidsoap = R"({"title":"Glass Harbor","artist":"The Lowland Static","album":"Signals & Noise"})";
  CHECK(httpRequest(port, "POST", "/push/liquidsoap", liquidsoap, withType("application/json", {})).status == 401);
  CHECK(httpRequest(port, "POST", "/push/liquidsoap", liquidsoap, withType("application/json")).status == 200);
  event = rig.waitForEvent(3);
  CHECK_THAT(event, Contains(R"("album":"Signals & Noise")"));
  CHECK_THAT(event, Contains(R"("source":"liquidsoap")"));

  // AzuraCast: its Now Playing document, Basic auth with the secret as the password.
  const std::string azuracast = R"({"station":{"id":1,"name":"KJHK","shortcode":"kjhk"},)"
      R"("listeners":{"total":3,"unique":3,"current":3},"live":{"is_live":false,"streamer_name":""},)"
      R"("now_playing":{"sh_id":4411,"played_at":1789412592,"duration":221,"playlist":"Rotation",)"
      R"("streamer":"","is_request":false,"song":{"id":"9f2c","text":"The Lowland Static - Glass Harbor",)"
      R"("artist":"The Lowland Static","title":"Glass Harbor","album":"Signals & Noise","genre":"",)"
      R"("isrc":"","lyrics":"","art":"https://radio.example/art.jpg","custom_fields":[]},"elapsed":1,"remaining":220},)"
      R"("playing_next":{"song":{"title":"Next One"}},"song_history":[],"is_online":true,"cache":null})";
  CHECK(httpRequest(port, "POST", "/push/azuracast", azuracast,
                    withType("application/json", {{"Authorization", basic("azuracast", "not-it-at-all-0000")}})).status == 401);
  CHECK(httpRequest(port, "POST", "/push/azuracast", azuracast,
                    withType("application/json", {{"Authorization", basic("azuracast", kSecret)}})).status == 200);
  event = rig.waitForEvent(4);
  CHECK_THAT(event, Contains(R"("id":"http_push:azuracast:4411")"));
  CHECK_THAT(event, Contains(R"("title":"Glass Harbor","artist":"The Lowland Static","album":"Signals & Noise")"));
  CHECK_THAT(event, Contains(R"("started_at":"2026-09-14T19:03:12Z")"));
}

TEST_CASE("http_push e2e: bodies that do not map are refused naming the field; hostile clients hold only themselves",
          "[e2e][http_push][attack]") {
  PushRig rig;
  const int port = rig.port();
  const auto noTitle = httpRequest(port, "POST", "/push/azuracast", R"({"now_playing":{"song":{"artist":"A"}}})",
                                   withType("application/json"));
  CHECK(noTitle.status == 400);
  CHECK_THAT(noTitle.body, Contains("no title: nothing at 'now_playing.song.title' (fields.title)"));
  const auto badLength = httpRequest(port, "GET", "/push?title=T&duration=soon", "", kBearer);
  CHECK(badLength.status == 400);
  CHECK_THAT(badLength.body, Contains("'soon' at 'duration' (fields.duration) is not a length"));
  CHECK(httpRequest(port, "POST", "/push", "{\"title\":", withType("application/json")).status == 400);
  CHECK(httpRequest(port, "POST", "/push", std::string(5000, '[') , withType("application/json")).status == 400);
  const auto bomb = httpRequest(port, "POST", "/push/xml",
      R"(<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><NowPlaying><Track><Title>&b;</Title></Track></NowPlaying>)",
      withType("text/xml"));
  CHECK(bomb.status == 400);
  CHECK_THAT(bomb.body, Contains("DTD"));
  const auto typeless = httpRequest(port, "POST", "/push", "title=x", withType("text/plain"));
  CHECK(typeless.status == 415);
  CHECK(httpRequest(port, "PUT", "/push", "", kBearer).status == 405);
  CHECK(rig.count() == 0);
  CHECK(rig.process().waitForLog("not published: no title: nothing at 'now_playing.song.title'"));

  // Slow and silent clients on the same port, a flood of refused pushes: a good push still lands at once.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 6; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port));
    if (i % 2 == 0) slow.back()->send("POST /push HTTP/1.1\r\nHost: a\r\nContent-Length: 4000\r\n\r\n{\"title\":");
  }
  for (int i = 0; i < 50; ++i) httpRequest(port, "GET", "/push?title=flood", "", {{"Authorization", "Bearer nope"}});
  const auto started = std::chrono::steady_clock::now();
  CHECK(httpRequest(port, "GET", "/push?title=Still+Here", "", kBearer).status == 200);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK_THAT(rig.waitForEvent(1), Contains(R"("title":"Still Here")"));
}

TEST_CASE("http_push e2e: failover from a silent Zetta primary to the http_push backup, and back at once",
          "[e2e][http_push][failover]") {
  PluginFolder plugins;
  AirbridgeProcess process(
      configPreamble(plugins.path()) +
      "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n    failover_grace: 1s\n"
      "  - plugin: http_push\n    name: backup\n    priority: 2\n    listen: 127.0.0.1:0\n    secret: " + kSecret + "\n"
      "sinks:\n  - plugin: http\n    listen: 127.0.0.1:0\n");
  const int port = process.portAfter("http listening on ");
  ZettaFeed zetta(process.portAfter("listening for Zetta on "));
  REQUIRE(process.waitForLog("running"));
  auto nowPlaying = [&] { return httpGet(port, "/v1/now-playing").body; };
  auto zettaSong = [](int id, const std::string& title, int seconds) {
    const std::string now = airbridge::formatRfc3339(
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    return fmt::format(
        R"(<?xml version="1.0" encoding="utf-8"?><ZettaLite><LogEventCollection><LogEvent Type="SONG" StartTime="{}" Status="CURRENT" LastStarted="true" ZettaId="{}"><Asset Type="SONG" Title="{}" Artist1="Studio" TotalLength="{}"/></LogEvent></LogEventCollection></ZettaLite>)",
        now, id, title, seconds) + "\n";
  };

  // Zetta's song plays for 3 s; the backup's push meanwhile is held, not published.
  zetta.send(zettaSong(100, "Primary Song", 3));
  REQUIRE(eventually([&] { return nowPlaying().find("Primary Song") != std::string::npos; }));
  CHECK_THAT(nowPlaying(), Contains(R"("on_air_source":"studio")"));
  const auto held = httpRequest(port, "GET", "/push?title=Backup+Song&duration=600", "", kBearer);
  CHECK(held.body == R"({"accepted":true,"published":false})");
  std::this_thread::sleep_for(1s);
  CHECK_THAT(nowPlaying(), Contains("Primary Song"));

  // Zetta falls silent past its song's end plus 1 s of grace: the backup's track goes on air.
  REQUIRE(eventually([&] { return nowPlaying().find("Backup Song") != std::string::npos; }, 8s));
  CHECK_THAT(nowPlaying(), Contains(R"("on_air_source":"backup")"));
  CHECK(process.waitForLog("on-air source: studio -> backup (studio is silent: its last event ended and 1s of failover_grace passed)"));
  // While the backup is on air, its pushes go straight out.
  CHECK(httpRequest(port, "GET", "/push?title=Backup+Two&duration=600", "", kBearer).body ==
        R"({"accepted":true,"published":true})");

  // Zetta speaks again and wins at once.
  const auto spoke = std::chrono::steady_clock::now();
  zetta.send(zettaSong(200, "Primary Returns", 120));
  REQUIRE(eventually([&] { return nowPlaying().find("Primary Returns") != std::string::npos; }));
  CHECK(std::chrono::steady_clock::now() - spoke < 1s);
  CHECK_THAT(nowPlaying(), Contains(R"("on_air_source":"studio")"));
  CHECK(process.waitForLog("on-air source: backup -> studio (studio spoke again (priority 1))"));
  CHECK(httpRequest(port, "GET", "/push?title=Backup+Three", "", kBearer).body ==
        R"({"accepted":true,"published":false})");
  const std::string metrics = httpGet(port, "/metrics").body;
  CHECK_THAT(metrics, Contains(R"(airbridge_source_on_air{source="studio"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_source_on_air{source="backup"} 0)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_source_events_total{source="backup",result="held"} 2)"));
}

TEST_CASE("http_push e2e: tools/airbridge-push pushes a track by hand and reports a refusal",
          "[e2e][http_push][tools]") {
  PushRig rig;
  const std::string tool = (BuildPaths::sourceDir() / "tools" / "airbridge-push").string();
  const std::string url = fmt::format("http://127.0.0.1:{}/push", rig.port());
  const auto ok = runToCompletion({tool, "--url", url, "--secret", kSecret, "--title", "By Hand & Co",
                                   "--artist", "Björk", "--duration", "3:05"});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.output, Contains(R"({"accepted":true,"published":true})"));
  const std::string event = rig.waitForEvent(1);
  CHECK_THAT(event, Contains(R"("title":"By Hand & Co","artist":"Björk")"));
  CHECK_THAT(event, Contains(R"("duration_ms":185000)"));
  const auto refused = runToCompletion({tool, "--url", url, "--secret", "wrong-wrong-wrong-wrong", "--title", "No"});
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.output, Contains("the secret is wrong"));
}
