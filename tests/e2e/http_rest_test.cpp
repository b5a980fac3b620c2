// REST routes of the http sink against the built binary.

#include "support/http_rig.hpp"

#include <airbridge/plugin.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("http rest: now-playing shows now, next and program; history is newest first",
          "[e2e][http]") {
  HttpRig rig;
  CHECK(jsonObject(httpGet(rig.port(), "/v1/now-playing").body)->isNull("now"));
  for (int i = 1; i <= 5; ++i) rig.sendAndWait(zettaDocument(i * 10, fmt::format("Song {}", i)), fmt::format("Song {}", i));
  auto now = jsonObject(httpGet(rig.port(), "/v1/now-playing").body);
  CHECK(now->getObject("now")->getValue<std::string>("title") == "Song 5");
  CHECK(now->getArray("next")->getObject(0)->getValue<std::string>("title") == "Up Next");
  CHECK(now->getValue<int>("seq") == 5);

  auto page = jsonObject(httpGet(rig.port(), "/v1/history?limit=2").body);
  auto items = page->getArray("items");
  REQUIRE(items->size() == 2);
  CHECK(items->getObject(0)->getObject("track")->getValue<std::string>("title") == "Song 5");
  CHECK(items->getObject(1)->getValue<int>("seq") == 4);
  CHECK(page->getValue<int>("next_before") == 4);
  auto older = jsonObject(httpGet(rig.port(), "/v1/history?limit=10&before=4").body);
  CHECK(older->getArray("items")->size() == 3);
  CHECK(older->getArray("items")->getObject(0)->getValue<int>("seq") == 3);
  CHECK(older->isNull("next_before"));
  CHECK(jsonObject(httpGet(rig.port(), "/v1/history").body)->getArray("items")->size() == 5);  // default 20
}

TEST_CASE("http rest: errors are JSON with the right status", "[e2e][http]") {
  HttpRig rig("    max_request_bytes: 100\n");
  struct Case {
    std::string method, path, body;
    int status;
    std::string code;
  };
  const std::vector<Case> cases{
      {"GET", "/v1/history?limit=0", "", 400, "bad_request"},
      {"GET", "/v1/history?limit=501", "", 400, "bad_request"},
      {"GET", "/v1/history?limit=ten", "", 400, "bad_request"},
      {"GET", "/v1/history?before=-3", "", 400, "bad_request"},
      {"GET", "/v2/anything", "", 404, "not_found"},
      {"POST", "/v1/now-playing", "x", 405, "method_not_allowed"},
      {"DELETE", "/v1/history", "", 405, "method_not_allowed"},
      {"POST", "/v1/now-playing", std::string(500, 'x'), 413, "too_large"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.method << " " << c.path) {
      auto reply = httpRequest(rig.port(), c.method, c.path, c.body);
      CHECK(reply.status == c.status);
      CHECK(reply.headers["Content-Type"] == "application/json");
      CHECK(jsonObject(reply.body)->getObject("error")->getValue<std::string>("code") == c.code);
    }
  }
  CHECK(httpRequest(rig.port(), "POST", "/v1/history", "").headers["Allow"] == "GET, HEAD, OPTIONS");
}

TEST_CASE("http rest: ETag and If-None-Match give 304; HEAD has headers only", "[e2e][http]") {
  HttpRig rig;
  rig.sendAndWait(zettaDocument(10, "Cached"), "Cached");
  const auto first = httpGet(rig.port(), "/v1/now-playing");
  const std::string etag = first.headers.at("ETag");
  CHECK(first.headers.at("Cache-Control") == "no-cache");
  const auto again = httpRequest(rig.port(), "GET", "/v1/now-playing", {}, {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(httpRequest(rig.port(), "GET", "/v1/now-playing", {}, {{"If-None-Match", "W/" + etag}}).status == 304);
  const auto head = httpRequest(rig.port(), "HEAD", "/v1/now-playing");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.headers.at("Content-Length") == std::to_string(first.body.size()));
  rig.sendAndWait(zettaDocument(20, "Changed"), "Changed");
  CHECK(httpRequest(rig.port(), "GET", "/v1/now-playing", {}, {{"If-None-Match", etag}}).status == 200);
}

TEST_CASE("http rest: CORS follows the configured allow list", "[e2e][http]") {
  HttpRig rig("    cors_origins: [\"https://kjhk.org\"]\n");
  auto allowed = httpRequest(rig.port(), "GET", "/v1/now-playing", {}, {{"Origin", "https://kjhk.org"}});
  CHECK(allowed.headers["Access-Control-Allow-Origin"] == "https://kjhk.org");
  CHECK(allowed.headers["Vary"] == "Origin");
  auto other = httpRequest(rig.port(), "GET", "/v1/now-playing", {}, {{"Origin", "https://evil.example"}});
  CHECK(other.headers.count("Access-Control-Allow-Origin") == 0);
  auto preflight = httpRequest(rig.port(), "OPTIONS", "/v1/history", {},
                                     {{"Origin", "https://kjhk.org"}, {"Access-Control-Request-Method", "GET"}});
  CHECK(preflight.status == 204);
  CHECK(preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS");
}

TEST_CASE("http rest: healthz, readyz and metrics", "[e2e][http]") {
  HttpRig rig;
  rig.sendAndWait(zettaCase("song"), "Glass Harbor");
  rig.send(zettaCase("song"));  // a duplicate
  rig.send("junk<?xml version=\"1.0\"?><ZettaLite><broken></ZettaLite>");
  REQUIRE(rig.process().waitForLog("rejected a document"));
  CHECK(httpGet(rig.port(), "/healthz").body == R"({"status":"ok"})");
  CHECK(httpGet(rig.port(), "/readyz").status == 200);
  const std::string metrics = httpGet(rig.port(), "/metrics").body;
  CHECK_THAT(metrics, Contains(fmt::format("airbridge_build_info{{version=\"0.1.0\",plugin_api=\"{}\"}} 1", airbridge::kPluginApiVersion)));
  CHECK_THAT(metrics, Contains("airbridge_bus_events_total{result=\"admitted\"} 1"));
  CHECK_THAT(metrics, Contains("airbridge_bus_events_total{result=\"duplicate\"} 1"));
  CHECK_THAT(metrics, Contains("airbridge_zetta_documents_total{source=\"studio\",result=\"parsed\"} 2"));
  CHECK_THAT(metrics, Contains("airbridge_zetta_documents_total{source=\"studio\",result=\"rejected\"} 1"));
  CHECK_THAT(metrics, Contains("airbridge_sink_dropped_events_total{sink=\"web\"} 0"));
  CHECK_THAT(metrics, Contains("airbridge_websocket_connections{sink=\"ws\"} 0"));
  CHECK_THAT(metrics, Contains("# TYPE airbridge_fanout_latency_seconds histogram"));
  // Observed once the stream loop has handled the event, a moment after the sink published it.
  CHECK(eventually([&] {
    return httpGet(rig.port(), "/metrics").body.find("airbridge_fanout_latency_seconds_count{sink=\"web\"} 1") !=
           std::string::npos;
  }));
}

TEST_CASE("http rest: the demo page is served, self-contained", "[e2e][http]") {
  HttpRig rig;
  auto page = httpGet(rig.port(), "/");
  CHECK(page.status == 200);
  CHECK(page.headers["Content-Type"] == "text/html; charset=utf-8");
  CHECK_THAT(page.body, Contains("<meta name=\"viewport\"") && Contains("\"websocket\":\"/ws\""));
  CHECK_THAT(page.body, !Contains("http://") && !Contains("https://"));  // no external assets
}
