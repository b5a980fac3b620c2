// SIGHUP against the built binary, with clients connected over real sockets: the file is
// checked whole while the running config keeps serving; a broken file is reported with
// FILE:LINE:COL and changes nothing; a valid one is applied while everyone else is served on:
// sink options in place (the same WebSocket and SSE connections see the new behaviour), outputs
// and sources started and stopped, a restructured sink restarted. /metrics counts each outcome.

#include "support/airbridge_process.hpp"
#include "support/net_client.hpp"
#include "support/plugin_folder.hpp"
#include "support/sse_test_client.hpp"
#include "support/ws_test_client.hpp"

#include <Poco/Net/ServerSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

/// Reads WebSocket messages until one carries `title`; every message read is kept in `seen`.
bool wsReceives(WsTestClient& client, const std::string& title, std::string& seen,
                std::chrono::milliseconds deadline = 5s) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    const auto text = client.receiveText(std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now()));
    if (!text) return false;
    seen += *text + "\n";
    if (text->find("\"" + title + "\"") != std::string::npos) return true;
  }
  return false;
}

/// airbridge on `config` with a Zetta source: its public port, its feed, and SIGHUP with a new file.
struct RunningAirbridge {
  explicit RunningAirbridge(const std::string& config)
      : process(config),
        port(process.portAfter("http listening on ")),
        zetta(process.portAfter("listening for Zetta on ")) {
    if (!process.waitForLog("running")) throw std::runtime_error(process.log());
  }
  std::filesystem::path file() const { return process.directory() / "airbridge.yaml"; }
  void reload(const std::string& config) {
    std::ofstream(file()) << config;
    ::kill(process.pid(), SIGHUP);
  }
  /// The log line a reload ends with.
  std::string applied(const std::string& outcome) const { return "SIGHUP: " + file().string() + " applied: " + outcome; }

  AirbridgeProcess process;
  int port;
  ZettaFeed zetta;
};

/// The head of a config with an admin view on `admin` (token `token`) and the Zetta source.
std::string withAdminAndZetta(const PluginFolder& plugins, int admin, const std::string& token) {
  return configPreamble(plugins.path()) + "admin:\n  listen: 127.0.0.1:" + std::to_string(admin) + "\n  token: " +
         token + "\nsources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n";
}

/// Zetta in, the http sink "web" out: the smallest config a reload test starts from.
std::string zettaAndWeb(const PluginFolder& plugins) {
  return configPreamble(plugins.path()) + "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
         "sinks:\n  - plugin: http\n    name: web\n    listen: 127.0.0.1:0\n";
}

std::string adminStatus(int admin, const std::string& token) {
  return httpRequest(admin, "GET", "/admin/status", {}, {{"Authorization", "Bearer " + token}}).body;
}

std::unique_ptr<WsTestClient> subscribedClient(int port, const std::string& path) {
  auto client = std::make_unique<WsTestClient>(port, path);
  client->receiveText();  // HELLO
  client->sendText(R"({"op":2,"d":{"topics":["now_playing"]}})");
  client->receiveText();  // READY
  return client;
}

}  // namespace

TEST_CASE("reload: a broken file is reported with FILE:LINE:COL and the running config keeps serving",
          "[e2e][reload]") {
  PluginFolder plugins;
  const std::string config = zettaAndWeb(plugins);
  RunningAirbridge running(config);
  auto& [process, port, zetta] = running;
  const auto file = running.file();

  running.reload(config);
  CHECK(process.waitForLog("SIGHUP: " + file.string() + " read: nothing changed"));

  // Broken: an unknown key, a bad duration and a missing plugin, all reported at once.
  running.reload(config + "    sse_keepalive: soon\n    colour: blue\n  - plugin: nosuchplugin\n");
  CHECK(process.waitForLog("problem(s); the running config is kept"));
  const std::string log = process.log();
  const std::regex located(fmt::format("SIGHUP: {}:[0-9]+:[0-9]+: .*sse_keepalive", file.string()));
  CHECK(std::regex_search(log, located));
  CHECK(std::regex_search(log, std::regex(fmt::format("SIGHUP: {}:[0-9]+:[0-9]+: .*colour", file.string()))));
  CHECK(std::regex_search(log, std::regex(fmt::format("SIGHUP: {}:[0-9]+:[0-9]+: .*nosuchplugin", file.string()))));
  // Still serving, on the old config.
  zetta.send(zettaDocument(900, "Still Running"));
  CHECK(eventually([&] { return httpGet(port, "/v1/now-playing").body.find("Still Running") != std::string::npos; }));

  // The host's own keys apply only at start: said, and nothing is touched.
  running.reload(std::regex_replace(config, std::regex("level: debug"), "level: info") + "    demo_page: false\n");
  CHECK(process.waitForLog("the host's keys changed"));
  CHECK(httpGet(port, "/").status == 200);  // demo_page: false was not applied either

  const std::string metrics = httpGet(port, "/metrics").body;
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="unchanged"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="refused"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="restart_needed"} 1)"));

  // A plugin not in the directory yet: refused. Dropped in, the next SIGHUP loads it.
  const auto library = plugins.path() / "libairbridge_file_write.so";
  const auto built = std::filesystem::read_symlink(library);
  std::filesystem::remove(library);
  const std::string withFile = config + "  - plugin: file_write\n    name: np\n    path: " +
                               (process.directory() / "np.txt").string() + "\n";
  running.reload(withFile);
  REQUIRE(process.waitForLog("has 1 problem(s); the running config is kept"));
  CHECK_THAT(process.log(), Contains("libairbridge_file_write.so"));
  std::filesystem::create_symlink(built, library);
  running.reload(withFile);
  CHECK(process.waitForLog(running.applied("kept 2; updated in place: none; restarted: none; "
                                           "started: sink file_write \"np\"; stopped: none")));
  CHECK(process.stop(SIGTERM, 5s) == 0);
}

TEST_CASE("reload: kinds, filters and delay change in place with WebSocket and SSE clients connected; "
          "outputs and a source come and go",
          "[e2e][reload]") {
  PluginFolder plugins;
  TempDir dir;
  const std::string oldFile = (dir.path() / "old.txt").string();
  const std::string newFile = (dir.path() / "new.txt").string();
  const int admin = unusedPort();
  const std::string token = "reload-test-admin-token";
  const std::string head = withAdminAndZetta(plugins, admin, token);
  const std::string web = "  - plugin: http\n    name: web\n    listen: 127.0.0.1:0\n";
  const std::string app = "  - plugin: websocket\n    name: app\n    listen: 127.0.0.1:0\n    path: /ws\n";
  RunningAirbridge running(head + "sinks:\n" + web + app + "  - plugin: file_write\n    name: old\n    path: " + oldFile +
                           "\n");
  auto& [process, port, zetta] = running;

  auto ws = subscribedClient(port, "/ws");
  SseClient sse(port);
  REQUIRE(sse.waitFor("event: READY"));
  std::string wsSeen;
  zetta.send(zettaDocument(100, "Before Reload"));
  REQUIRE(wsReceives(*ws, "Before Reload", wsSeen));
  REQUIRE(sse.waitFor("Before Reload"));
  REQUIRE(eventually([&] { return readText(oldFile).find("Before Reload") != std::string::npos; }));

  // The websocket sink: songs only, 1500ms behind. The http sink: promos skipped. The file
  // output "old" removed and "new" added.
  const std::string skipPromos = "    filters:\n      - field: title\n        match: \"^Promo\"\n        action: skip\n";
  running.reload(head + "sinks:\n" + web + skipPromos + app + "    kinds: [song]\n    delay: 1500ms\n" +
                 "  - plugin: file_write\n    name: new\n    path: " + newFile + "\n");
  REQUIRE(process.waitForLog(running.applied(
      "kept 1; updated in place: sink http \"web\", sink websocket \"app\"; restarted: none; "
      "started: sink file_write \"new\"; stopped: sink file_write \"old\"")));

  zetta.send(zettaDocument(110, "Station ID", "KJHK", "LINK"));
  zetta.send(zettaDocument(120, "Promo Spot"));
  const auto sent = std::chrono::steady_clock::now();
  zetta.send(zettaDocument(130, "After Reload"));
  // SSE: the link arrives (no kinds on this sink), the promo does not (its new filter).
  REQUIRE(sse.waitFor("After Reload"));
  CHECK_THAT(sse.received(), Contains("Station ID"));
  CHECK_THAT(sse.received(), !Contains("Promo Spot"));
  // WebSocket: on the same connection, the promo and the song but not the link, and only after
  // the new delay.
  REQUIRE(wsReceives(*ws, "After Reload", wsSeen));
  CHECK(std::chrono::steady_clock::now() - sent >= 1400ms);
  CHECK_THAT(wsSeen, Contains("Promo Spot"));
  CHECK_THAT(wsSeen, !Contains("Station ID"));
  // The new output writes; the removed one wrote nothing more.
  CHECK(eventually([&] { return readText(newFile).find("After Reload") != std::string::npos; }));
  CHECK_THAT(readText(oldFile), Contains("Before Reload"));
  const std::string metrics = httpGet(port, "/metrics").body;
  CHECK_THAT(metrics, Contains(R"(airbridge_websocket_connections{sink="app"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_sse_connections{sink="web"} 1)"));
  CHECK_THAT(metrics, Contains(R"(airbridge_config_reloads_total{result="applied"} 1)"));
  // The admin view follows: the new output listed, the removed one gone.
  const std::string status = adminStatus(admin, token);
  CHECK_THAT(status, Contains(R"("name":"new")"));
  CHECK_THAT(status, !Contains(R"("name":"old")"));
  CHECK_THAT(status, Contains(R"("last_reload":{"at":")") && Contains(R"("result":"applied","summary":")") &&
                         Contains(R"(stopped: sink file_write \"old\""})"));

  // A push source added on the shared port; the websocket path moved, which needs a restart.
  running.reload(head + "  - plugin: http_push\n    name: backup\n    listen: 127.0.0.1:0\n    path: /push\n" +
                 "    secret: a-long-enough-secret\n    priority: 2\n" + "sinks:\n" + web + skipPromos +
                 "  - plugin: websocket\n    name: app\n    listen: 127.0.0.1:0\n    path: /ws2\n" +
                 "  - plugin: file_write\n    name: new\n    path: " + newFile + "\n");
  REQUIRE(process.waitForLog(running.applied("kept 3; updated in place: none; restarted: sink websocket \"app\"; "
                                             "started: source http_push \"backup\"; stopped: none")));
  CHECK_THAT(process.log(), Contains("SIGHUP: path changed, which a running instance cannot take in place"));
  CHECK(ws->waitForClose(3s) == 1001);  // the restarted sink's clients are told it went away
  auto moved = subscribedClient(port, "/ws2");
  CHECK(httpGet(port, "/ws").status == 404);
  const auto pushed = httpRequest(port, "POST", "/push", R"({"title":"Pushed Backup","artist":"B"})",
                                  {{"Content-Type", "application/json"}, {"Authorization", "Bearer a-long-enough-secret"}});
  CHECK(pushed.status == 200);
  // The studio is on air (priority 1), so the backup's track is held, not published.
  CHECK_THAT(pushed.body, Contains(R"("published":false)"));
  CHECK(sse.waitFor("After Reload"));  // the SSE stream is still the same one
  zetta.send(zettaDocument(140, "Last Song"));
  std::string movedSeen;
  CHECK(wsReceives(*moved, "Last Song", movedSeen));
  CHECK(sse.waitFor("Last Song"));
  CHECK_THAT(adminStatus(admin, token), Contains(R"("name":"backup")"));
  CHECK(process.stop(SIGTERM, 5s) == 0);
}

TEST_CASE("reload: twenty reloads in a row while events flow and clients listen: nobody is dropped, "
          "nothing is lost on the clients that stay",
          "[e2e][reload]") {
  PluginFolder plugins;
  TempDir dir;
  const int admin = unusedPort();
  const std::string token = "reload-storm-admin-token";
  const std::string base = withAdminAndZetta(plugins, admin, token) +
                           "sinks:\n  - plugin: http\n    name: web\n    listen: 127.0.0.1:0\n"
                           "  - plugin: websocket\n    name: app\n    listen: 127.0.0.1:0\n";
  // Every other file adds an output and changes the websocket sink's options in place.
  const std::string other = base + "    next: false\n    max_connections: 500\n"
                            "  - plugin: file_write\n    name: extra\n    path: " + (dir.path() / "x.txt").string() + "\n";
  RunningAirbridge running(base);
  auto& [process, port, zetta] = running;
  auto ws = subscribedClient(port, "/ws");
  SseClient sse(port);
  REQUIRE(sse.waitFor("event: READY"));

  std::atomic<bool> polling{true};
  std::atomic<int> adminAnswers{0};
  std::thread poller([&] {  // the admin view read while instances come and go
    while (polling) {
      if (adminStatus(admin, token).find("\"sinks\"") != std::string::npos) ++adminAnswers;
    }
  });
  std::string wsSeen;
  auto applied = [&] {
    const std::string log = process.log();
    std::size_t count = 0;
    for (auto at = log.find(" applied: kept "); at != std::string::npos; at = log.find(" applied: kept ", at + 1)) ++count;
    return count;
  };
  for (int i = 0; i < 20; ++i) {
    running.reload(i % 2 == 0 ? other : base);
    zetta.send(zettaDocument(1000 + 10 * i, fmt::format("Storm Song {}", i)));  // while it applies
    REQUIRE(eventually([&] { return applied() == static_cast<std::size_t>(i + 1); }));
  }
  zetta.send(zettaDocument(2000, "After The Storm"));
  REQUIRE(wsReceives(*ws, "After The Storm", wsSeen, 15s));
  REQUIRE(sse.waitFor("After The Storm", 15s));
  polling = false;
  poller.join();
  CHECK(adminAnswers > 0);
  for (int i = 0; i < 20; ++i) {
    const std::string title = fmt::format("\"Storm Song {}\"", i);
    CHECK_THAT(wsSeen, Contains(title));
    CHECK_THAT(sse.received(), Contains(fmt::format("Storm Song {}", i)));
  }
  const std::string log = process.log();
  CHECK_THAT(log, !Contains("could not start"));
  CHECK_FALSE(ws->connectionClosed(200ms));  // the same connection, still open
  CHECK(httpGet(port, "/metrics").body.find(R"(airbridge_websocket_connections{sink="app"} 1)") != std::string::npos);
  CHECK(process.stop(SIGTERM, 5s) == 0);
}

TEST_CASE("reload: an output's template and the schedule's directory change in place; a broken "
          "term file in the new directory is refused",
          "[e2e][reload]") {
  PluginFolder plugins;
  TempDir dir;
  dir.write("fall/fall.yaml", "term: { id: 2026-fall, name: Fall, starts: 2026-08-24, ends: 2026-12-18 }\nprograms: []\n");
  dir.write("spring/spring.yaml",
            "term: { id: 2027-spring, name: Spring, starts: 2027-01-19, ends: 2027-05-14 }\nprograms: []\n");
  dir.write("broken/spring.yaml", "term: { id: 2027-spring, starts: 2027-05-14, ends: 2027-01-19 }\nprograms: []\n");
  const std::string out = (dir.path() / "np.txt").string();
  auto config = [&](const std::string& schedule, const std::string& format) {
    return configPreamble(plugins.path()) + "sources:\n  - plugin: zetta\n    name: studio\n    listen: 127.0.0.1:0\n"
           "sinks:\n  - plugin: schedule\n    listen: 127.0.0.1:0\n    directory: " + (dir.path() / schedule).string() +
           "\n  - plugin: file_write\n    name: obs\n    path: " + out + "\n    template: \"" + format + "\"\n";
  };
  RunningAirbridge running(config("fall", "{{title}}\\n"));
  auto& [process, port, zetta] = running;
  CHECK_THAT(httpGet(port, "/v1/schedule/terms").body, Contains("2026-fall"));
  zetta.send(zettaDocument(200, "First Title", "First Artist"));
  REQUIRE(eventually([&] { return readText(out) == "First Title\n"; }));

  running.reload(config("spring", "{{artist}} / {{title}}\\n"));
  REQUIRE(process.waitForLog("updated in place: sink schedule \"schedule\", sink file_write \"obs\"; restarted: none"));
  CHECK_THAT(httpGet(port, "/v1/schedule/terms").body, Contains("2027-spring"));
  CHECK_THAT(httpGet(port, "/v1/schedule/terms").body, !Contains("2026-fall"));
  zetta.send(zettaDocument(210, "Second Title", "Second Artist"));
  CHECK(eventually([&] { return readText(out) == "Second Artist / Second Title\n"; }));

  // A directory whose term file is broken: refused whole, with the term file's FILE:LINE:COL.
  running.reload(config("broken", "{{title}}\\n"));
  CHECK(process.waitForLog("problem(s); the running config is kept"));
  CHECK_THAT(process.log(), Contains("SIGHUP: " + (dir.path() / "broken/spring.yaml").string() + ":1:"));
  CHECK_THAT(httpGet(port, "/v1/schedule/terms").body, Contains("2027-spring"));
  zetta.send(zettaDocument(220, "Third Title", "Third Artist"));
  CHECK(eventually([&] { return readText(out) == "Third Artist / Third Title\n"; }));
  CHECK(process.stop(SIGTERM, 5s) == 0);
}

TEST_CASE("reload: an added sink whose port is taken fails alone, and starts at the next reload once "
          "the port is free",
          "[e2e][reload]") {
  PluginFolder plugins;
  const std::string config = zettaAndWeb(plugins);
  RunningAirbridge running(config);
  auto& [process, port, zetta] = running;
  const int taken = unusedPort();
  auto squatter = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(taken)));
  const std::string withSecond = config + "  - plugin: http\n    name: second\n    listen: 127.0.0.1:" +
                                 std::to_string(taken) + "\n    demo_page: false\n";
  running.reload(withSecond);
  REQUIRE(process.waitForLog(running.applied("kept 2; updated in place: none; restarted: none; started: none; "
                                             "stopped: none; failed to start (see the log): sink http \"second\"")));
  CHECK_THAT(process.log(), Contains(fmt::format("could not start: cannot listen on 127.0.0.1:{}", taken)));
  zetta.send(zettaDocument(300, "Still Served"));
  CHECK(eventually([&] { return httpGet(port, "/v1/now-playing").body.find("Still Served") != std::string::npos; }));

  squatter.reset();  // the port is free: the same file, sent again, starts the sink
  running.reload(withSecond);
  REQUIRE(process.waitForLog(running.applied("kept 2; updated in place: none; restarted: none; "
                                             "started: sink http \"second\"; stopped: none")));
  CHECK(eventually([&] { return httpGet(taken, "/v1/now-playing").body.find("Still Served") != std::string::npos; }));
  CHECK(process.stop(SIGTERM, 5s) == 0);
}
