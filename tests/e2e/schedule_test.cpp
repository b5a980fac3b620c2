// The schedule plugin against the built binary: validation, routes, DST, boundaries, reload.

#include "support/http_rig.hpp"
#include "support/ws_test_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <thread>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

std::string scheduleSink(const std::filesystem::path& directory, const std::string& extra = "") {
  return fmt::format("  - plugin: schedule\n    listen: 127.0.0.1:0\n    directory: {}\n{}",
                     directory.string(), extra);
}

std::string station(const std::string& timezone) {
  return fmt::format("station:\n  name: Test FM\n  timezone: {}\n", timezone);
}

const char* kDstTerm = R"(term: { id: dst-test, name: DST test, starts: 2026-08-01, ends: 2027-06-01 }
programs:
  - name: Fall Back Overnight
    days: [sunday]
    start: "00:30"
    end: "02:30"
  - name: Skipped Hour Show
    days: [sunday]
    start: "02:30"
    end: "03:30"
)";

}  // namespace

TEST_CASE("schedule: every mistake in the term files is reported with file:line at --check-config",
          "[e2e][schedule]") {
  PluginFolder plugins;
  TempDir dir;
  const auto bad = dir.write("schedule/2026-fall.yaml",
                             "term: { id: 2026-fall, name: Fall, starts: 2026-12-18, ends: 2026-08-24 }\n"
                             "programs:\n"
                             "  - name: A\n    days: [moonday]\n    start: \"10:00\"\n    end: \"12:00\"\n"
                             "  - name: B\n    day: Monday\n    time: \"25:00-26:00\"\n"
                             "  - name: C\n    days: [tuesday]\n    start: \"10:00\"\n    end: \"12:00\"\n"
                             "  - name: D\n    days: [tuesday]\n    start: \"11:00\"\n    end: \"13:00\"\n"
                             "  - name: E\n    days: [friday]\n    start: \"9:00\"\n    ned: \"10:00\"\n");
  const auto config = dir.write("airbridge.yaml", configPreamble(plugins.path()) + station("America/Chicago") +
                                                      "sinks:\n" + scheduleSink(dir.path() / "schedule"));
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  const std::string file = bad.string();
  CHECK_THAT(result.output, Contains(file + ":1:62: 2026-fall.yaml.term: ends: 2026-08-24 is before the term starts (2026-12-18)"));
  CHECK_THAT(result.output, Contains(file + ":4:11: 2026-fall.yaml.programs[0]: days: 'moonday' is not a day of the week"));
  CHECK_THAT(result.output, Contains(file + ":9:11: 2026-fall.yaml.programs[1]: time: '25:00' is not a time of day"));
  CHECK_THAT(result.output, Contains(file + ":14:5: 2026-fall: 'D' (tuesday 11:00-13:00) overlaps 'C' (tuesday 10:00-12:00, at " + file + ":10:5)"));
  CHECK_THAT(result.output, Contains(file + ":21:5: 2026-fall.yaml.programs[4]: unknown key 'ned'; did you mean 'end'?"));
  CHECK_THAT(result.output, Contains(file + ":18:5: 2026-fall.yaml.programs[4]: missing required key 'end'"));
}

TEST_CASE("schedule: a show wholly in the skipped hour and a term id that is a route are refused",
          "[e2e][schedule]") {
  PluginFolder plugins;
  TempDir dir;
  const auto gap = dir.write("schedule/2027-spring.yaml",
                             "term: { id: 2027-spring, starts: 2027-01-19, ends: 2027-05-14 }\n"
                             "programs:\n"
                             "  - name: Small Hours\n    days: [sunday]\n    start: \"02:00\"\n    end: \"02:45\"\n"
                             "  - name: Straddles The Gap\n    days: [sunday]\n    start: \"02:50\"\n    end: \"03:30\"\n");
  const auto config = dir.write("airbridge.yaml", configPreamble(plugins.path()) + station("America/Chicago") +
                                                      "sinks:\n" + scheduleSink(dir.path() / "schedule"));
  const auto result = checkConfig(config);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  // 2027-03-14 in Chicago goes from 02:00 CST straight to 03:00 CDT: the show would never air.
  CHECK_THAT(result.output, Contains(gap.string() + ":3:5: 2027-spring: 'Small Hours' (sunday 02:00-02:45) falls "
                                                    "wholly in the time the clocks skip on 2027-03-14 (02:00-03:00 "
                                                    "does not exist in America/Chicago), so it would not air that "
                                                    "day; move it to end after 03:00"));
  CHECK_THAT(result.output, !Contains("Straddles The Gap"));  // it airs from 03:00 that day

  std::filesystem::remove(gap);
  const auto route = dir.write("schedule/now.yaml", "- name: Any\n  day: monday\n  time: \"10:00-11:00\"\n");
  const auto named = dir.write("schedule/2027-summer.yaml",
                               "term: { id: terms, starts: 2027-05-20, ends: 2027-08-01 }\nprograms: []\n");
  const auto reserved = checkConfig(config);
  INFO(reserved.output);
  CHECK(reserved.exit_code == 1);
  CHECK_THAT(reserved.output, Contains(route.string() + ":1:1: now.yaml: the file name gives the term id: 'now' is "
                                                        "reserved (/v1/schedule/now is a route of its own); rename "
                                                        "the file (like 2026-fall.yaml) or set term: {id: ...}"));
  CHECK_THAT(reserved.output, Contains(named.string() + ":1:13: 2027-summer.yaml.term: id: 'terms' is reserved"));
}

TEST_CASE("schedule: routes for the current term, all terms, one term and what is on now",
          "[e2e][schedule]") {
  TempDir dir;
  std::filesystem::copy(BuildPaths::sourceDir() / "config/schedule", dir.path() / "schedule");
  HttpRig rig("", scheduleSink(dir.path() / "schedule"), station("America/Chicago"));
  auto terms = jsonObject(httpGet(rig.port(), "/v1/schedule/terms").body)->getArray("terms");
  REQUIRE(terms->size() == 2);
  CHECK(terms->getObject(0)->getValue<std::string>("id") == "2026-fall");
  CHECK(terms->getObject(1)->getValue<std::string>("starts") == "2027-01-19");
  auto spring = jsonObject(httpGet(rig.port(), "/v1/schedule/2027-spring").body);
  auto programs = spring->getArray("programs");
  CHECK(programs->getObject(2)->getValue<std::string>("name") == "Spring Sessions");  // flat shape
  CHECK(programs->getObject(2)->getValue<std::string>("day") == "friday");
  CHECK(programs->getObject(2)->getValue<std::string>("start") == "18:00");
  CHECK(programs->getObject(2)->getArray("djs")->getElement<std::string>(0) == "Juniper");
  CHECK(httpGet(rig.port(), "/v1/schedule/1999-fall").status == 404);
  CHECK(httpGet(rig.port(), "/v1/schedule/now?at=yesterday").status == 400);
  // Tuesday 2026-09-15 21:00 CDT: Jazz After Dark (20:00-23:00), then Night Shift on Friday.
  auto now = jsonObject(httpGet(rig.port(), "/v1/schedule/now?at=2026-09-16T02:00:00Z").body);
  CHECK(now->getValue<std::string>("at_local") == "2026-09-15T21:00:00-05:00");
  CHECK(now->getObject("on_air")->getValue<std::string>("name") == "Jazz After Dark");
  CHECK(now->getObject("on_air")->getValue<std::string>("starts_at") == "2026-09-16T01:00:00Z");
  CHECK(now->getObject("next")->getValue<std::string>("name") == "Morning Static");
  CHECK(now->getObject("next")->getValue<std::string>("starts_local") == "2026-09-16T06:00:00-05:00");
  const auto cached = httpGet(rig.port(), "/v1/schedule/terms");
  CHECK(cached.headers.at("Cache-Control") == "public, max-age=30");
  CHECK(httpRequest(rig.port(), "GET", "/v1/schedule/terms", {}, {{"If-None-Match", cached.headers.at("ETag")}}).status == 304);
}

TEST_CASE("schedule: on air across the DST changes of America/Chicago", "[e2e][schedule]") {
  TempDir dir;
  dir.write("schedule/dst.yaml", kDstTerm);
  HttpRig rig("", scheduleSink(dir.path() / "schedule"), station("America/Chicago"));
  auto at = [&](const std::string& instant) {
    return jsonObject(httpGet(rig.port(), "/v1/schedule/now?at=" + instant).body);
  };
  // Fall back, 2026-11-01: 00:30-02:30 local is two hours of wall clock but three real hours.
  auto before = at("2026-11-01T06:30:00Z");  // 01:30 CDT, the first 01:30
  CHECK(before->getValue<std::string>("at_local") == "2026-11-01T01:30:00-05:00");
  CHECK(before->getObject("on_air")->getValue<std::string>("name") == "Fall Back Overnight");
  CHECK(before->getObject("on_air")->getValue<std::string>("starts_at") == "2026-11-01T05:30:00Z");
  CHECK(before->getObject("on_air")->getValue<std::string>("ends_at") == "2026-11-01T08:30:00Z");
  CHECK(before->getObject("on_air")->getValue<std::string>("ends_local") == "2026-11-01T02:30:00-06:00");
  auto repeated = at("2026-11-01T07:30:00Z");  // 01:30 CST, the second 01:30
  CHECK(repeated->getValue<std::string>("at_local") == "2026-11-01T01:30:00-06:00");
  CHECK(repeated->getObject("on_air")->getValue<std::string>("name") == "Fall Back Overnight");
  CHECK(at("2026-11-01T08:30:00Z")->getObject("on_air")->getValue<std::string>("name") == "Skipped Hour Show");
  CHECK(at("2026-11-01T09:30:00Z")->isNull("on_air"));  // 03:30 CST: both over
  // Spring forward, 2027-03-14: 02:30 does not exist; the show starts when the clock resumes.
  auto spring = at("2027-03-14T07:59:00Z");  // 01:59 CST
  CHECK(spring->getObject("on_air")->getValue<std::string>("name") == "Fall Back Overnight");
  CHECK(spring->getObject("next")->getValue<std::string>("name") == "Skipped Hour Show");
  CHECK(spring->getObject("next")->getValue<std::string>("starts_at") == "2027-03-14T08:00:00Z");
  CHECK(spring->getObject("next")->getValue<std::string>("starts_local") == "2027-03-14T03:00:00-05:00");
  CHECK(spring->getObject("next")->getValue<std::string>("ends_at") == "2027-03-14T08:30:00Z");
}

TEST_CASE("schedule: PROGRAM_CHANGED reaches WebSocket clients at a show boundary", "[e2e][schedule]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "schedule");
  HttpRig rig("", scheduleSink(dir.path() / "schedule", "    reload_interval: 200ms\n"), station("UTC"));
  WsTestClient client(rig.port(), "/ws");
  client.receiveText();
  client.sendText(R"({"op":2,"d":{"topics":["program"]}})");
  const auto ready = client.receiveText().value();
  CHECK_THAT(ready, Contains(R"("program":{"term":null,"name":null)"));  // nothing on yet
  // Only now, however long the start took, a show starting three seconds from now (in UTC to
  // keep the arithmetic obvious), picked up by the next reload, well before it starts.
  const auto start = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + 3s;
  const auto day = std::chrono::floor<std::chrono::days>(start);
  const std::chrono::weekday weekday{day};
  const auto timeOfDay = std::chrono::hh_mm_ss{start - day};
  const auto end = timeOfDay.hours() + 1h;
  dir.write("schedule/boundary.yaml", fmt::format(
      "programs:\n  - name: The Boundary Show\n    djs: [Tester]\n    days: [{}]\n"
      "    start: \"{:02}:{:02}:{:02}\"\n    end: \"{:02}:{:02}:{:02}\"\n",
      std::array{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}[weekday.c_encoding()],
      timeOfDay.hours().count(), timeOfDay.minutes().count(), timeOfDay.seconds().count(),
      end.count() % 24, timeOfDay.minutes().count(), timeOfDay.seconds().count()));
  // The reload itself may announce the quiet time before the show (its end moved): skip those.
  std::optional<std::string> change;
  const auto until = std::chrono::steady_clock::now() + 12s;
  while (std::chrono::steady_clock::now() < until) {
    change = client.receiveText(1s);
    if (change && change->find("The Boundary Show") != std::string::npos) break;
  }
  REQUIRE(change);
  CHECK_THAT(*change, Contains(R"("t":"PROGRAM_CHANGED")") && Contains(R"("name":"The Boundary Show")") &&
                          Contains(R"("djs":["Tester"])"));
  CHECK_THAT(httpGet(rig.port(), "/v1/now-playing").body, Contains(R"("program":{"term":"boundary","name":"The Boundary Show")"));
}

TEST_CASE("schedule: a broken edit keeps the last good schedule; a fixed one is picked up",
          "[e2e][schedule]") {
  TempDir dir;
  const auto file = dir.write("schedule/term.yaml", kDstTerm);
  HttpRig rig("", scheduleSink(dir.path() / "schedule", "    reload_interval: 200ms\n"), station("America/Chicago"));
  const auto original = httpGet(rig.port(), "/v1/schedule/dst-test").body;
  std::this_thread::sleep_for(1100ms);  // a different mtime second for the edit
  dir.write("schedule/term.yaml", std::string(kDstTerm) + "  - name: Broken\n    days: [someday]\n");
  REQUIRE(rig.process().waitForLog("cannot be used; keeping the last good schedule"));
  CHECK_THAT(rig.process().log(), Contains("term.yaml:12:11:") && Contains("'someday' is not a day"));
  CHECK(httpGet(rig.port(), "/v1/schedule/dst-test").body == original);
  dir.write("schedule/term.yaml", std::string(kDstTerm) +
                                      "  - name: Added Later\n    days: [monday]\n    start: \"09:00\"\n    end: \"10:00\"\n");
  REQUIRE(rig.process().waitForLog("schedule reloaded"));
  CHECK_THAT(httpGet(rig.port(), "/v1/schedule/dst-test").body, Contains("Added Later"));
  (void)file;
}
