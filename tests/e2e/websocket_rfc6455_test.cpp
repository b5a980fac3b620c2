// RFC 6455 behaviour of the WebSocket sink: what a careless or hostile client gets.

#include "support/websocket_rig.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
const char* kSink = "  - plugin: websocket\n    listen: 127.0.0.1:0\n    max_message_size: 1024\n";
}

TEST_CASE("websocket rfc6455: malformed frames close with the RFC's codes", "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  struct Case {
    const char* name;
    std::function<void(WsTestClient&)> misbehave;
    std::uint16_t code;
  };
  const std::vector<Case> cases{
      {"unmasked frame -> 1002", [](WsTestClient& c) { c.sendFrame(0x1, "{}", true, false); }, 1002},
      {"reserved bit -> 1002", [](WsTestClient& c) { c.sendFrame(0x1, "{}", true, true, 0x40); }, 1002},
      {"control frame over 125 bytes -> 1002",
       [](WsTestClient& c) { c.sendFrame(0x9, std::string(126, 'p')); }, 1002},
      {"fragmented control frame -> 1002", [](WsTestClient& c) { c.sendFrame(0x9, "p", false); }, 1002},
      {"continuation without a start -> 1002", [](WsTestClient& c) { c.sendFrame(0x0, "x"); }, 1002},
      {"unknown frame opcode -> 1002", [](WsTestClient& c) { c.sendFrame(0x3, "x"); }, 1002},
      {"invalid UTF-8 in text -> 1007", [](WsTestClient& c) { c.sendFrame(0x1, "\xC3\x28"); }, 1007},
      {"message over max_message_size -> 1009",
       [](WsTestClient& c) { c.sendFrame(0x1, std::string(2000, 'x')); }, 1009},
      {"fragments adding up past the limit -> 1009",
       [](WsTestClient& c) {
         c.sendFrame(0x1, std::string(800, 'x'), false);
         c.sendFrame(0x0, std::string(800, 'x'), true);
       },
       1009},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto client = rig.connect();
      client->receiveText();  // HELLO
      c.misbehave(*client);
      CHECK(client->waitForClose() == c.code);
      CHECK(client->connectionClosed());
    }
  }
}

TEST_CASE("websocket rfc6455: ping is answered with pong carrying the same payload",
          "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  auto client = rig.connect();
  client->receiveText();
  client->sendFrame(0x9, "are you there");
  auto pong = client->receive();
  REQUIRE(pong);
  CHECK(pong->opcode == 0xA);
  CHECK(pong->payload == "are you there");
}

TEST_CASE("websocket rfc6455: a fragmented message is reassembled, with a ping in between",
          "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  auto client = rig.connect();
  client->receiveText();
  client->sendFrame(0x1, R"({"op":2,"d":{"top)", false);
  client->sendFrame(0x9, "mid-message ping");
  client->sendFrame(0x0, R"(ics":["now_play)", false);
  client->sendFrame(0x0, R"(ing"]}})", true);
  auto pong = client->receive();
  REQUIRE(pong);
  CHECK(pong->opcode == 0xA);
  CHECK_THAT(client->receiveText().value(), Contains(R"("t":"READY")"));
}

TEST_CASE("websocket rfc6455: the close handshake echoes the client's code", "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  auto client = rig.connect();
  client->receiveText();
  client->sendFrame(0x8, std::string("\x03\xE8", 2) + "bye");  // 1000
  CHECK(client->waitForClose() == 1000);
  CHECK(client->connectionClosed());
}

TEST_CASE("websocket rfc6455: a close frame with a reserved or invalid code is answered 1002",
          "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  // A client past HELLO that sends a close frame with `code`.
  auto closeWith = [&](std::uint16_t code) {
    auto client = rig.connect();
    client->receiveText();
    client->sendFrame(0x8, std::string{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)});
    return client;
  };
  for (const std::uint16_t code : {999, 1004, 1005, 1006, 1015, 2999, 5000, 65535}) {
    DYNAMIC_SECTION("close code " << code) {
      auto client = closeWith(code);
      CHECK(client->waitForClose() == 1002);
      CHECK(client->connectionClosed());
    }
  }
  for (const std::uint16_t code : {1001, 1011, 3000, 4999}) {
    DYNAMIC_SECTION("valid close code " << code << " is echoed") {
      auto client = closeWith(code);
      CHECK(client->waitForClose() == code);
    }
  }
}

TEST_CASE("websocket rfc6455: a SUBSCRIBE sent in the same packet as the handshake is not lost",
          "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(rig.port())));
  // Handshake and a masked SUBSCRIBE frame in one write.
  const std::string subscribe = R"({"op":2,"d":{"topics":["now_playing"]}})";
  std::string frame = "\x81";
  frame += static_cast<char>(0x80 | subscribe.size());
  frame += std::string(4, '\0');  // zero mask: payload unchanged
  frame += subscribe;
  const std::string request =
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n" + frame;
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  std::string received;
  char buffer[4096];
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  while (received.find("READY") == std::string::npos) {
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  CHECK_THAT(received, Contains("HTTP/1.1 101") && Contains("READY"));
}

TEST_CASE("websocket rfc6455: a bad upgrade request gets an HTTP error, not a socket",
          "[e2e][websocket]") {
  WebsocketRig rig(kSink);
  CHECK(WsTestClient::tryHandshake(rig.port(), "/ws", {{"Sec-WebSocket-Version", "8"}}).first == 426);
  CHECK(WsTestClient::tryHandshake(rig.port(), "/ws", {{"Sec-WebSocket-Key", "short"}}).first == 400);
  CHECK(WsTestClient::tryHandshake(rig.port(), "/ws", {{"Upgrade", ""}}).first == 426);
  CHECK(httpRequest(rig.port(), "POST", "/ws", "x").status == 405);
}
