// The public port against hostile peers: trickled and half-sent heads, descriptor exhaustion,
// clients that flood and never read. While each attack is held, /healthz answers and a new
// WebSocket client gets HELLO; the process stays within a CPU and memory budget; SIGTERM ends it.

#include "support/http_rig.hpp"
#include "support/raw_connection.hpp"
#include "support/ws_test_client.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <csignal>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace airbridge::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace std::chrono_literals;

namespace {

/// The HTTP rig with `http` host settings, and the checks every attack makes while it is held.
class FrontDoor : public HttpRig {
 public:
  explicit FrontDoor(const std::string& http, std::vector<std::string> launcher = {},
                     const std::string& websocket_keys = "")
      : HttpRig("", websocket_keys, "http:\n" + http, {}, std::move(launcher)) {}

  /// /healthz on a new connection answers 200 within a second.
  bool healthy() {
    RawConnection probe(port());
    probe.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    return probe.readUntil("{\"status\":\"ok\"}", 1s).starts_with("HTTP/1.1 200 OK\r\n");
  }
  /// A new WebSocket client gets HELLO within a second.
  bool greetsNewClient() {
    WsTestClient client(port(), "/ws");
    const auto hello = client.receiveText(1s);
    return hello && hello->find("\"op\":1") != std::string::npos;
  }
};

std::size_t countOf(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("front door: trickled heads hold nothing, get 408 on time, and SIGTERM still ends",
          "[e2e][http][attack]") {
  FrontDoor door("  event_loops: 1\n  header_timeout: 2s\n");
  auto subscriber = std::make_unique<WsTestClient>(door.port(), "/ws");
  subscriber->receiveText();
  // Blank lines first (the old header gate took them for a whole head), then one byte at a time.
  std::vector<std::unique_ptr<RawConnection>> blank, trickle;
  for (int i = 0; i < 16; ++i) {
    blank.push_back(std::make_unique<RawConnection>(door.port()));
    blank.back()->send("\n\n");
  }
  for (int i = 0; i < 40; ++i) {
    trickle.push_back(std::make_unique<RawConnection>(door.port()));
    trickle.back()->send("GET /v1/now-playing HTTP/1.1\r\nHost: x\r\n");
  }
  std::atomic<bool> trickling{true};
  std::thread trickler([&] {
    while (trickling) {
      for (auto& connection : trickle) connection->sendSome("X");
      std::this_thread::sleep_for(200ms);
    }
  });
  for (auto& connection : blank) {
    CHECK(connection->readUntil("\r\n\r\n", 2s).starts_with("HTTP/1.1 400 Bad Request\r\n"));
  }
  const auto started = std::chrono::steady_clock::now();
  for (int round = 0; round < 3; ++round) {
    CHECK(door.healthy());
    CHECK(door.greetsNewClient());
    std::this_thread::sleep_for(300ms);
  }
  // The bytes never extend the deadline: 408 about 2 s after the first byte, not later.
  CHECK(trickle.front()->readUntil("\r\n\r\n", 3s).starts_with("HTTP/1.1 408 Request Timeout\r\n"));
  CHECK(std::chrono::steady_clock::now() - started < 3500ms);
  CHECK_THAT(trickle.front()->received(), Contains("\"code\":\"timeout\""));
  // A new wave, held while the process is told to stop.
  for (auto& connection : trickle) {
    connection = std::make_unique<RawConnection>(door.port());
    connection->send("GET / HTTP/1.1\r\n");
  }
  const auto stopping = std::chrono::steady_clock::now();
  CHECK(door.process().stop(SIGTERM, 5s) == 0);
  CHECK(std::chrono::steady_clock::now() - stopping < 5s);
  CHECK(subscriber->waitForClose(1s) == 1001);
  trickling = false;
  trickler.join();
}

TEST_CASE("front door: half-sent heads cost no CPU while they wait", "[e2e][http][attack]") {
  FrontDoor door("  header_timeout: 5s\n");
  std::vector<std::unique_ptr<RawConnection>> partial;
  for (int i = 0; i < 20; ++i) {
    partial.push_back(std::make_unique<RawConnection>(door.port()));
    partial.back()->send("GET /v1/now-playing HTTP/1.1\r\nHost: x\r\nX-Half: ");
  }
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < 20; ++i) silent.push_back(std::make_unique<RawConnection>(door.port()));
  std::this_thread::sleep_for(200ms);
  // Silent connections wait in the kernel (deferred accept); the half-sent ones are ours.
  RawConnection metrics(door.port());
  metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK_THAT(metrics.readUntil("airbridge_websocket_connections"),
             Contains(fmt::format("airbridge_http_connections{{listen=\"127.0.0.1:{}\"}} 21\n", door.port())));
  const double before = door.process().cpuSeconds();
  std::this_thread::sleep_for(2s);
  const double used = door.process().cpuSeconds() - before;
  INFO("CPU seconds used in 2 s while 20 heads wait: " << used);
  CHECK(used < 0.2);  // budget: 10 % of one core (a spinning loop would use about 2 s)
  CHECK(door.healthy());
  CHECK(door.greetsNewClient());
}

TEST_CASE("front door: out of descriptors, waiting connections make room for new clients",
          "[e2e][http][attack]") {
  FrontDoor door("  header_timeout: 8s\n  max_connections_per_address: 0\n",
                 {"/usr/bin/prlimit", "--nofile=96:96"});
  auto subscriber = std::make_unique<WsTestClient>(door.port(), "/ws");
  subscriber->receiveText();
  subscriber->sendText(R"({"op":2,"d":{"topics":["now_playing"]}})");
  REQUIRE(subscriber->receiveText());  // READY

  // More unfinished heads than the process has descriptors. Each sends a byte: the listening
  // socket defers silent connections, which cost nothing.
  std::vector<std::unique_ptr<RawConnection>> flood;
  for (int i = 0; i < 150; ++i) {
    flood.push_back(std::make_unique<RawConnection>(door.port()));
    flood.back()->send("G");
  }
  std::this_thread::sleep_for(500ms);
  const double before = door.process().cpuSeconds();
  std::this_thread::sleep_for(1500ms);
  const double used = door.process().cpuSeconds() - before;
  INFO("CPU seconds used in 1.5 s out of descriptors: " << used);
  CHECK(used < 0.3);  // a spinning accept loop would use about 1.5 s

  // While the attack is held: new clients are served, the subscriber gets its event.
  CHECK(door.healthy());
  CHECK(door.greetsNewClient());
  door.send(zettaDocument(77, "Under Siege"));
  const auto event = subscriber->receiveText(3s);
  REQUIRE(event);
  CHECK_THAT(*event, Contains("Under Siege"));
  RawConnection metrics(door.port());
  metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string text = metrics.readUntil("airbridge_websocket_connections");
  CHECK_THAT(text, StartsWith("HTTP/1.1 200") && Contains("airbridge_http_connections_reclaimed_total{"));
  CHECK_FALSE(text.find("airbridge_http_connections_reclaimed_total{listen=\"127.0.0.1:" +
                        std::to_string(door.port()) + "\"} 0\n") != std::string::npos);
  CHECK(countOf(door.process().log(), "out of file descriptors") == 1);

  // The oldest waiting heads made room, and were told why.
  std::size_t told = 0;
  for (auto& connection : flood) {
    if (connection->readUntil("\r\n\r\n", 10ms).starts_with("HTTP/1.1 503 Service Unavailable")) ++told;
  }
  CHECK(told > 0);
  flood.clear();
  CHECK(eventually([&] { return door.healthy(); }, 5s));
}

TEST_CASE("front door: a WebSocket client flooding while its close is unsent costs no memory",
          "[e2e][websocket][attack]") {
  FrontDoor door("", {}, "    max_queued_bytes: 16384\n");
  // A client with a tiny receive window that never reads: pongs pile up until the sink gives up
  // on it (4010, queued behind them and never sent). Then it floods.
  RawConnection client(door.port(), "127.0.0.1", 2048);
  client.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  REQUIRE(client.readUntil("heartbeat_interval").starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
  std::string ping = "\x89\xFD";  // ping, masked, 125 bytes
  ping += std::string(4, '\0') + std::string(125, 'p');
  std::string pings;
  for (int i = 0; i < 40000; ++i) pings += ping;  // 5 MB of pongs: more than any kernel buffer
  REQUIRE(client.send(pings));
  std::this_thread::sleep_for(200ms);
  const std::size_t before = door.process().residentBytes();
  std::string frame = "\x82\xFF";  // binary, masked, 64-bit length: far over max_message_size
  const std::uint64_t length = 1 << 20;
  for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((length >> shift) & 0xFF);
  frame += std::string(4, '\0');
  const std::string flood = frame + std::string(length, 'x');
  std::size_t flooded = 0;
  // Within the 2 s the sink gives a close handshake before it resets the connection.
  const auto until = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < until && flooded < 512u * 1024 * 1024) {
    const long n = client.sendSome(flood);
    if (n < 0) break;
    if (n == 0) std::this_thread::sleep_for(1ms);
    flooded += static_cast<std::size_t>(n);
  }
  const std::size_t after = door.process().residentBytes();
  INFO("flooded " << flooded / (1024 * 1024) << " MiB; resident " << before / (1024 * 1024) << " -> "
                  << after / (1024 * 1024) << " MiB");
  CHECK(flooded >= 32u * 1024 * 1024);
  CHECK(after < before + 24u * 1024 * 1024);
  CHECK(door.healthy());
  CHECK(door.greetsNewClient());
}

TEST_CASE("front door: a client pipelining requests and never reading holds one answer",
          "[e2e][http][attack]") {
  FrontDoor door("");
  RawConnection flooder(door.port(), "127.0.0.1", 4096);
  std::string requests;
  for (int i = 0; i < 1000; ++i) requests += "GET /v1/history?limit=500 HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::size_t before = door.process().residentBytes();
  std::size_t sent = 0;
  const auto until = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < until) {
    const long n = flooder.sendSome(requests);
    if (n < 0) break;
    if (n == 0) std::this_thread::sleep_for(5ms);
    sent += static_cast<std::size_t>(n);
  }
  const std::size_t after = door.process().residentBytes();
  INFO("sent " << sent << " bytes of requests; resident " << before << " -> " << after);
  CHECK(after < before + 16u * 1024 * 1024);
  CHECK(door.healthy());
  CHECK(door.greetsNewClient());
}

TEST_CASE("front door: connections per address, and the client a trusted proxy names",
          "[e2e][http][attack]") {
  SECTION("one address is held to max_connections_per_address; others are not") {
    FrontDoor door("  max_connections_per_address: 4\n");
    std::vector<std::unique_ptr<WsTestClient>> held;
    for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<WsTestClient>(door.port(), "/ws"));
    RawConnection fifth(door.port());
    fifth.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(fifth.readUntil("\r\n\r\n").starts_with("HTTP/1.1 429 Too Many Requests\r\n"));
    CHECK_THAT(fifth.readUntil("}"), Contains("max_connections_per_address"));
    RawConnection other(door.port(), "127.0.0.2");
    other.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(other.readUntil("}").starts_with("HTTP/1.1 200 OK"));
    held.pop_back();  // a WebSocket client that leaves frees its place
    CHECK(eventually([&] { return door.healthy(); }, 2s));
  }
  SECTION("behind a trusted proxy, each forwarded client is counted on its own") {
    FrontDoor door("  max_connections_per_address: 2\n  trusted_proxies: [127.0.0.1]\n");
    std::vector<std::unique_ptr<WsTestClient>> held;
    for (int i = 0; i < 2; ++i) {
      held.push_back(std::make_unique<WsTestClient>(door.port(), "/ws",
                                                    std::map<std::string, std::string>{{"X-Forwarded-For", "203.0.113.7"}}));
    }
    CHECK(WsTestClient::tryHandshake(door.port(), "/ws", {{"X-Forwarded-For", "203.0.113.7"}}).first == 429);
    CHECK(WsTestClient::tryHandshake(door.port(), "/ws", {{"X-Forwarded-For", "198.51.100.1, 203.0.113.8"}}).first == 101);
    CHECK(door.healthy());  // the proxy's own plain requests are not limited
  }
}
