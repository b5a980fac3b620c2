// Server-Sent Events: the same dispatch events as the WebSocket protocol, resumable.

#include "support/http_rig.hpp"
#include "support/sse_test_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

TEST_CASE("http sse: headers, READY, then each event with its id", "[e2e][http][sse]") {
  HttpRig rig;
  rig.sendAndWait(zettaDocument(10, "Before"), "Before");
  SseClient client(rig.port());
  REQUIRE(client.waitFor("event: READY"));
  CHECK_THAT(client.received(), Contains("HTTP/1.1 200") && Contains("Content-Type: text/event-stream") &&
                                    Contains("X-Accel-Buffering: no") && Contains("retry: 3000"));
  REQUIRE(client.waitFor("\n\n", 1s));
  CHECK_THAT(client.received(), Contains(R"("now_playing":{"id":"zetta:studio:10")"));
  rig.send(zettaDocument(20, "Live One"));
  REQUIRE(client.waitFor("id: 2\nevent: TRACK_CHANGED\ndata: {\"id\":\"zetta:studio:20\""));
}

TEST_CASE("http sse: Last-Event-ID resumes with exactly what was missed", "[e2e][http][sse]") {
  HttpRig rig;
  for (int i = 1; i <= 4; ++i) rig.sendAndWait(zettaDocument(i * 10, fmt::format("Track {}", i)), fmt::format("Track {}", i));
  SseClient client(rig.port(), "Last-Event-ID: 2\r\n");
  REQUIRE(client.waitFor("id: 4\n"));
  CHECK_THAT(client.received(), Contains("id: 3\n") && !Contains("id: 2\n") && !Contains("event: READY"));
  rig.send(zettaDocument(50, "Track 5"));
  REQUIRE(client.waitFor("id: 5\n"));

  SseClient lost(rig.port(), "Last-Event-ID: 999\r\n");  // cannot be honoured
  REQUIRE(lost.waitFor("event: READY"));
  REQUIRE(lost.waitFor("\n\n"));
  CHECK_THAT(lost.received(), Contains(R"("resume_failed":true)"));
}

TEST_CASE("http sse: the stream's head has no length and says the connection ends with it",
          "[e2e][http][sse]") {
  HttpRig rig;
  SseClient client(rig.port());
  REQUIRE(client.waitFor("event: READY"));
  const std::string head = client.received().substr(0, client.received().find("\r\n\r\n"));
  CHECK(head.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK_THAT(head, Contains("Content-Type: text/event-stream") && Contains("Connection: close") &&
                       !Contains("Content-Length"));
}

TEST_CASE("http sse: comment lines keep an idle stream open", "[e2e][http][sse]") {
  HttpRig rig("    sse_keepalive: 300ms\n");
  SseClient client(rig.port());
  CHECK(client.waitFor(": keep-alive\n\n", 3s));
}

TEST_CASE("http sse: streams hold no thread each", "[e2e][http][sse]") {
  // Far more streams than HTTP event loops: each is handed to the SSE loop, none holds one.
  HttpRig rig("", "", "http:\n  event_loops: 1\n");
  std::vector<std::unique_ptr<SseClient>> clients;
  for (int i = 0; i < 50; ++i) clients.push_back(std::make_unique<SseClient>(rig.port()));
  for (auto& client : clients) REQUIRE(client->waitFor("event: READY"));
  rig.send(zettaDocument(60, "For Everyone"));
  for (auto& client : clients) CHECK(client->waitFor("For Everyone"));
  CHECK(httpGet(rig.port(), "/healthz").status == 200);  // and the front door still answers
}
