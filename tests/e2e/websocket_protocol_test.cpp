// Protocol v1 (docs/protocol.md) against the built binary with a real WebSocket client.

#include "support/websocket_rig.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/WebSocket.h>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
const char* kSink = "  - plugin: websocket\n    listen: 127.0.0.1:0\n    heartbeat_interval: 30s\n";
}

TEST_CASE("websocket v1: HELLO, SUBSCRIBE -> READY with the current state", "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  rig.send(zettaDocument(100, "Before You Came"));
  rig.waitPublished("Before You Came");
  auto client = rig.connect();
  CHECK(client->receiveText() == R"({"op":1,"d":{"heartbeat_interval":30000}})");
  client->sendText(R"({"op":2,"d":{"topics":["now_playing","program"]}})");
  auto ready = WebsocketRig::parse(client->receiveText().value());
  CHECK(ready->getValue<int>("op") == 0);
  CHECK(ready->getValue<std::string>("t") == "READY");
  auto d = ready->getObject("d");
  CHECK(d->getValue<std::string>("session_id").size() == 16);
  CHECK(d->getValue<int>("heartbeat_interval") == 30000);
  CHECK(d->getValue<int>("seq") == 1);
  CHECK(d->getObject("now_playing")->getValue<std::string>("title") == "Before You Came");
  CHECK(d->getArray("next")->getObject(0)->getValue<std::string>("title") == "Up Next");
  CHECK(d->isNull("program"));
  CHECK_FALSE(d->getValue<bool>("resume_failed"));
}

TEST_CASE("websocket v1: TRACK_CHANGED dispatches with increasing s, and HEARTBEAT is acked",
          "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  auto [client, ready] = rig.subscribed();
  client->sendText(R"({"op":3,"d":null})");
  CHECK(client->receiveText(5s, false) == R"({"op":4,"d":null})");
  rig.send(zettaDocument(200, "First"));
  rig.send(zettaDocument(300, "Second"));
  auto first = WebsocketRig::parse(client->receiveText().value());
  auto second = WebsocketRig::parse(client->receiveText().value());
  CHECK(first->getValue<std::string>("t") == "TRACK_CHANGED");
  CHECK(first->getValue<int>("s") == 1);
  CHECK(first->getObject("d")->getValue<std::string>("title") == "First");
  CHECK(first->getObject("d")->getValue<std::string>("kind") == "song");
  CHECK(second->getValue<int>("s") == 2);
  CHECK(second->getObject("d")->getValue<std::string>("title") == "Second");
}

TEST_CASE("websocket v1: the server heartbeats, and a silent client is closed with 4009",
          "[e2e][websocket]") {
  WebsocketRig rig("  - plugin: websocket\n    listen: 127.0.0.1:0\n    heartbeat_interval: 400ms\n    rate_limit: 300\n");
  auto [client, ready] = rig.subscribed();
  // The server sends op 3 within an interval; this client never answers.
  auto heartbeat = client->receiveText(2s, false);
  CHECK(heartbeat == R"({"op":3,"d":null})");
  CHECK(client->waitForClose(3s) == 4009);

  // One that answers stays connected past several intervals.
  auto [alive, ready2] = rig.subscribed();
  rig.send(zettaDocument(400, "Still Here"));
  const auto until = std::chrono::steady_clock::now() + 2s;
  std::optional<std::string> last;
  while (std::chrono::steady_clock::now() < until) {
    auto text = alive->receiveText(200ms);  // answers op 3 with op 4
    if (text) last = text;
  }
  REQUIRE(last);
  CHECK_THAT(*last, Contains("Still Here"));
}

TEST_CASE("websocket v1: resume replays what was missed after RESUMED", "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  std::string session;
  {
    auto [client, ready] = rig.subscribed();
    session = ready->getObject("d")->getValue<std::string>("session_id");
    rig.send(zettaDocument(500, "Heard"));
    CHECK_THAT(client->receiveText().value(), Contains(R"("s":1)"));
  }  // the phone goes through a tunnel
  rig.send(zettaDocument(600, "Missed One"));
  rig.send(zettaDocument(700, "Missed Two"));
  rig.waitPublished("Missed Two");
  auto [client, resumed] = rig.subscribed(fmt::format(R"(,"resume":{{"session_id":"{}","seq":1}})", session));
  CHECK(resumed->getValue<std::string>("t") == "RESUMED");
  CHECK(resumed->getObject("d")->getValue<int>("replayed") == 2);
  auto one = WebsocketRig::parse(client->receiveText().value());
  auto two = WebsocketRig::parse(client->receiveText().value());
  CHECK(one->getValue<int>("s") == 2);
  CHECK(one->getObject("d")->getValue<std::string>("title") == "Missed One");
  CHECK(two->getValue<int>("s") == 3);
  // Live events continue after the replay, without a gap or a repeat.
  rig.send(zettaDocument(800, "Live Again"));
  auto live = WebsocketRig::parse(client->receiveText().value());
  CHECK(live->getValue<int>("s") == 4);
}

TEST_CASE("websocket v1: a resume that cannot be honoured gets a fresh READY saying so",
          "[e2e][websocket]") {
  WebsocketRig rig("  - plugin: websocket\n    listen: 127.0.0.1:0\n    resume_window: 2\n");
  auto [first, ready] = rig.subscribed();
  const std::string session = ready->getObject("d")->getValue<std::string>("session_id");
  for (int i = 1; i <= 4; ++i) rig.send(zettaDocument(1000 + i * 10, fmt::format("Track {}", i)));
  rig.waitPublished("Track 4");
  // Events 1 and 2 have left the window of 2: resuming from 0 cannot be complete.
  auto [late, answer] = rig.subscribed(fmt::format(R"(,"resume":{{"session_id":"{}","seq":0}})", session));
  CHECK(answer->getValue<std::string>("t") == "READY");
  CHECK(answer->getObject("d")->getValue<bool>("resume_failed"));
  CHECK(answer->getObject("d")->getObject("now_playing")->getValue<std::string>("title") == "Track 4");
  // From the future (another node's numbering, say): cannot be honoured either.
  auto [stranger, answer2] = rig.subscribed(R"(,"resume":{"session_id":"0000000000000000","seq":99})");
  CHECK(answer2->getObject("d")->getValue<bool>("resume_failed"));
}

TEST_CASE("websocket v1: each protocol close code", "[e2e][websocket]") {
  WebsocketRig rig("  - plugin: websocket\n    listen: 127.0.0.1:0\n    rate_limit: 12\n");
  struct Case {
    const char* name;
    std::vector<std::string> messages;
    std::uint16_t code;
  };
  const std::vector<Case> cases{
      {"4001 unknown opcode", {R"({"op":7,"d":null})"}, 4001},
      {"4002 not JSON", {"hello?"}, 4002},
      {"4002 wrong shape", {R"({"op":2,"d":{"topics":"now_playing"}})"}, 4002},
      {"4002 unknown topic", {R"({"op":2,"d":{"topics":["weather"]}})"}, 4002},
      {"4003 ack before subscribe", {R"({"op":4,"d":null})"}, 4003},
      {"4005 subscribed twice",
       {R"({"op":2,"d":{"topics":["now_playing"]}})", R"({"op":2,"d":{"topics":["program"]}})"}, 4005},
      {"4008 rate limited", std::vector<std::string>(13, R"({"op":3,"d":null})"), 4008},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto client = rig.connect();
      client->receiveText();  // HELLO
      for (const auto& message : c.messages) client->sendText(message);
      CHECK(client->waitForClose() == c.code);
      CHECK(client->connectionClosed());
    }
  }
  auto binary = rig.connect();
  binary->receiveText();
  binary->sendFrame(0x2, "\x01\x02");
  CHECK(binary->waitForClose() == 4002);
}

TEST_CASE("websocket v1: shutdown closes clients with 1001", "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  auto [client, ready] = rig.subscribed();
  kill(rig.process().pid(), SIGTERM);
  CHECK(client->waitForClose() == 1001);
  CHECK(rig.process().waitExit(5s) == 0);
}

TEST_CASE("websocket v1: Poco's own WebSocket client interoperates", "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(rig.port()));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/ws", Poco::Net::HTTPMessage::HTTP_1_1);
  Poco::Net::HTTPResponse response;
  Poco::Net::WebSocket socket(session, request, response);
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  char buffer[4096];
  int flags = 0;
  int n = socket.receiveFrame(buffer, sizeof buffer, flags);
  CHECK(std::string(buffer, static_cast<std::size_t>(n)) == R"({"op":1,"d":{"heartbeat_interval":30000}})");
  const std::string subscribe = R"({"op":2,"d":{"topics":["now_playing"]}})";
  socket.sendFrame(subscribe.data(), static_cast<int>(subscribe.size()));
  n = socket.receiveFrame(buffer, sizeof buffer, flags);
  CHECK_THAT(std::string(buffer, static_cast<std::size_t>(n)), Contains(R"("t":"READY")"));
  socket.shutdown();
}
